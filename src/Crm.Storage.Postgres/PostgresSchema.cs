using Crm.Storage.Sql;

namespace Crm.Storage.Postgres;

/// <summary>The PostgreSQL schema, as forward-only migrations. Never edit a shipped migration; add a new one.</summary>
/// <remarks>Ids use the "C" collation so that ordering (paging through customers) is ordinal, as in every other adapter.</remarks>
internal static partial class PostgresSchema
{
    /// <summary>Every migration of every package, in version order. Each package owns its own version range and file.</summary>
    public static readonly IReadOnlyList<SqlMigration> Migrations =
        [.. new[] { CoreMigrations, PointsMigrations, CouponsMigrations, SegmentationMigrations, ChurnMigrations }.SelectMany(m => m).OrderBy(m => m.Version)];

    /// <summary>Versions 1-9: customers, activity, membership.</summary>
    private static IReadOnlyList<SqlMigration> CoreMigrations =>
    [
        new(1, "customers, activity journal and customer metrics", """
            CREATE TABLE crm_customers (
                customer_id text COLLATE "C" NOT NULL PRIMARY KEY,
                version bigint NOT NULL,
                joined_at bigint NOT NULL,
                home_store_id text NULL,
                time_zone text NULL,
                birthday text NULL,
                name text NULL,
                phone text NULL,
                email text NULL,
                consents bigint NOT NULL,
                tags text NOT NULL,
                erased_at bigint NULL);
            CREATE TABLE crm_customer_metrics (
                customer_id text COLLATE "C" NOT NULL PRIMARY KEY,
                version bigint NOT NULL,
                first_purchase_at bigint NULL,
                last_purchase_at bigint NULL,
                purchase_count bigint NOT NULL,
                refund_count bigint NOT NULL,
                net_spend_minor bigint NOT NULL);
            CREATE TABLE crm_customer_categories (
                customer_id text COLLATE "C" NOT NULL,
                category text COLLATE "C" NOT NULL,
                net_spend_minor bigint NOT NULL,
                PRIMARY KEY (customer_id, category));
            CREATE TABLE crm_customer_months (
                customer_id text COLLATE "C" NOT NULL,
                month bigint NOT NULL,
                purchase_count bigint NOT NULL,
                net_spend_minor bigint NOT NULL,
                PRIMARY KEY (customer_id, month));
            CREATE TABLE crm_activity_entries (
                kind bigint NOT NULL,
                entry_id text COLLATE "C" NOT NULL,
                customer_id text COLLATE "C" NOT NULL,
                sequence bigint NOT NULL,
                purchase_id text COLLATE "C" NOT NULL,
                occurred_at bigint NOT NULL,
                purchased_at bigint NOT NULL,
                purchase_month bigint NOT NULL,
                store_id text NOT NULL,
                channel bigint NOT NULL,
                amount_minor bigint NOT NULL,
                recorded_at bigint NOT NULL,
                PRIMARY KEY (kind, entry_id),
                UNIQUE (customer_id, sequence));
            CREATE INDEX ix_crm_activity_entries_purchase ON crm_activity_entries (purchase_id, kind, sequence);
            CREATE TABLE crm_activity_lines (
                kind bigint NOT NULL,
                entry_id text COLLATE "C" NOT NULL,
                line_no bigint NOT NULL,
                line_id text NOT NULL,
                sku text NOT NULL,
                category text COLLATE "C" NOT NULL,
                quantity text NOT NULL,
                amount_minor bigint NOT NULL,
                PRIMARY KEY (kind, entry_id, line_no));
            """),
        new(2, "membership: member tier records, tier history, benefit grants", """
            CREATE TABLE crm_members (
                customer_id text COLLATE "C" NOT NULL PRIMARY KEY,
                version bigint NOT NULL,
                tier text NOT NULL,
                reached_at bigint NOT NULL,
                review_at bigint NULL,
                grace_until bigint NULL,
                override_tier text NULL,
                override_reason text NULL,
                override_operator text NULL,
                override_expires_at bigint NULL,
                welcome_pending bigint NOT NULL);
            CREATE TABLE crm_member_history (
                customer_id text COLLATE "C" NOT NULL,
                change_key text COLLATE "C" NOT NULL,
                saved_version bigint NOT NULL,
                from_tier text NULL,
                to_tier text NOT NULL,
                reason bigint NOT NULL,
                occurred_at bigint NOT NULL,
                explanation text NOT NULL,
                PRIMARY KEY (customer_id, change_key));
            CREATE INDEX ix_crm_member_history_order ON crm_member_history (customer_id, saved_version);
            CREATE TABLE crm_member_grants (
                customer_id text COLLATE "C" NOT NULL,
                grant_key text COLLATE "C" NOT NULL,
                granted_at bigint NOT NULL,
                PRIMARY KEY (customer_id, grant_key));
            """),
    ];
}
