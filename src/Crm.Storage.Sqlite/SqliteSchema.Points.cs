using Crm.Storage.Sql;

namespace Crm.Storage.Sqlite;

internal static partial class SqliteSchema
{
    /// <summary>Crm.Points tables: versions 10-19.</summary>
    private static IReadOnlyList<SqlMigration> PointsMigrations => [];
}
