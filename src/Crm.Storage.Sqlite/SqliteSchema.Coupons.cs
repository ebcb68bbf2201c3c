using Crm.Storage.Sql;

namespace Crm.Storage.Sqlite;

internal static partial class SqliteSchema
{
    /// <summary>Crm.Coupons tables: versions 20-29.</summary>
    private static IReadOnlyList<SqlMigration> CouponsMigrations => [];
}
