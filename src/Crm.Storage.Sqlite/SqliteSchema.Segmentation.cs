using Crm.Storage.Sql;

namespace Crm.Storage.Sqlite;

internal static partial class SqliteSchema
{
    /// <summary>Crm.Segmentation tables: versions 30-39.</summary>
    private static IReadOnlyList<SqlMigration> SegmentationMigrations => [];
}
