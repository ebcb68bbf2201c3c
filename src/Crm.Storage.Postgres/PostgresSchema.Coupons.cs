using Crm.Storage.Sql;

namespace Crm.Storage.Postgres;

internal static partial class PostgresSchema
{
    /// <summary>Crm.Coupons tables: versions 20-29.</summary>
    private static IReadOnlyList<SqlMigration> CouponsMigrations =>
    [
        new(20, "coupons: issued coupons and per-template usage counters", """
            CREATE TABLE crm_coupons (
                coupon_id text COLLATE "C" NOT NULL PRIMARY KEY,
                template_id text COLLATE "C" NOT NULL,
                customer_id text COLLATE "C" NOT NULL,
                status bigint NOT NULL,
                version bigint NOT NULL,
                reason bigint NOT NULL,
                issue_key text COLLATE "C" NOT NULL UNIQUE,
                issued_at bigint NOT NULL,
                valid_from bigint NOT NULL,
                valid_to bigint NOT NULL,
                reservation_key text NULL,
                reserved_until bigint NULL,
                redemption_key text NULL,
                redeemed_at bigint NULL);
            CREATE INDEX ix_crm_coupons_customer ON crm_coupons (customer_id, template_id, issued_at);
            CREATE TABLE crm_coupon_usage (
                template_id text COLLATE "C" NOT NULL PRIMARY KEY,
                issued bigint NOT NULL,
                redeemed bigint NOT NULL);
            """),
    ];
}
