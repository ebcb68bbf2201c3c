using Crm.Storage.Sql;

namespace Crm.Storage.Sqlite;

internal static partial class SqliteSchema
{
    /// <summary>Crm.Churn tables: versions 40-49.</summary>
    private static IReadOnlyList<SqlMigration> ChurnMigrations => [];
}
