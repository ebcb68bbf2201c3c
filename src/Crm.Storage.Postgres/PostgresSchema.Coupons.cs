using Crm.Storage.Sql;

namespace Crm.Storage.Postgres;

internal static partial class PostgresSchema
{
    /// <summary>Crm.Coupons tables: versions 20-29.</summary>
    private static IReadOnlyList<SqlMigration> CouponsMigrations => [];
}
