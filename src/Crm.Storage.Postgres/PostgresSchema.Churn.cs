using Crm.Storage.Sql;

namespace Crm.Storage.Postgres;

internal static partial class PostgresSchema
{
    /// <summary>Crm.Churn tables: versions 40-49.</summary>
    private static IReadOnlyList<SqlMigration> ChurnMigrations => [];
}
