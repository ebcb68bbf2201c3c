using Crm.Storage.Sql;

namespace Crm.Storage.Sqlite;

internal static partial class SqliteSchema
{
    /// <summary>Crm.Coupons tables: versions 20-29.</summary>
    private static IReadOnlyList<SqlMigration> CouponsMigrations =>
    [
        new(20, "coupons: issued coupons and per-template usage counters", """
            CREATE TABLE crm_coupons (
                coupon_id TEXT NOT NULL PRIMARY KEY,
                template_id TEXT NOT NULL,
                customer_id TEXT NOT NULL,
                status INTEGER NOT NULL,
                version INTEGER NOT NULL,
                reason INTEGER NOT NULL,
                issue_key TEXT NOT NULL UNIQUE,
                issued_at INTEGER NOT NULL,
                valid_from INTEGER NOT NULL,
                valid_to INTEGER NOT NULL,
                reservation_key TEXT NULL,
                reserved_until INTEGER NULL,
                redemption_key TEXT NULL,
                redeemed_at INTEGER NULL);
            CREATE INDEX ix_crm_coupons_customer ON crm_coupons (customer_id, template_id, issued_at);
            CREATE TABLE crm_coupon_usage (
                template_id TEXT NOT NULL PRIMARY KEY,
                issued INTEGER NOT NULL,
                redeemed INTEGER NOT NULL);
            """),
    ];
}
