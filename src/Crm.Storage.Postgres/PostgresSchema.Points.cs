using Crm.Storage.Sql;

namespace Crm.Storage.Postgres;

internal static partial class PostgresSchema
{
    /// <summary>Crm.Points tables: versions 10-19.</summary>
    private static IReadOnlyList<SqlMigration> PointsMigrations => [];
}
