using Crm.Storage.Sql;

namespace Crm.Storage.Postgres;

internal static partial class PostgresSchema
{
    /// <summary>Crm.Segmentation tables: versions 30-39.</summary>
    private static IReadOnlyList<SqlMigration> SegmentationMigrations => [];
}
