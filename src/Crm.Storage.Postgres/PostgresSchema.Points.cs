using Crm.Storage.Sql;

namespace Crm.Storage.Postgres;

internal static partial class PostgresSchema
{
    /// <summary>Crm.Points tables: versions 10-19.</summary>
    private static IReadOnlyList<SqlMigration> PointsMigrations =>
    [
        new(10, "points: accounts, write keys, ledger entries, lots", """
            CREATE TABLE crm_points_accounts (
                customer_id text COLLATE "C" NOT NULL PRIMARY KEY,
                version bigint NOT NULL,
                entry_count bigint NOT NULL,
                balance bigint NOT NULL,
                lot_points bigint NOT NULL,
                debt bigint NOT NULL,
                counters text NOT NULL);
            CREATE TABLE crm_points_writes (
                customer_id text COLLATE "C" NOT NULL,
                write_key text COLLATE "C" NOT NULL,
                PRIMARY KEY (customer_id, write_key));
            CREATE TABLE crm_points_entries (
                customer_id text COLLATE "C" NOT NULL,
                sequence bigint NOT NULL,
                write_key text COLLATE "C" NOT NULL,
                kind bigint NOT NULL,
                points bigint NOT NULL,
                occurred_at bigint NOT NULL,
                earned_at bigint NOT NULL,
                reason text NOT NULL,
                operator_id text NULL,
                PRIMARY KEY (customer_id, sequence));
            CREATE INDEX ix_crm_points_entries_key ON crm_points_entries (customer_id, write_key);
            CREATE TABLE crm_points_lots (
                customer_id text COLLATE "C" NOT NULL,
                lot_id text COLLATE "C" NOT NULL,
                earned_at bigint NOT NULL,
                available_at bigint NOT NULL,
                expires_at bigint NULL,
                points bigint NOT NULL,
                remaining bigint NOT NULL,
                reversed bigint NOT NULL,
                awarded bigint NOT NULL,
                refunded_minor bigint NOT NULL,
                PRIMARY KEY (customer_id, lot_id));
            CREATE INDEX ix_crm_points_lots_expiring ON crm_points_lots (expires_at, customer_id) WHERE remaining > 0;
            """),
        new(11, "points: expired points per lot, which a refund reverses before taking other points", """
            ALTER TABLE crm_points_lots ADD COLUMN expired bigint NOT NULL DEFAULT 0;
            """),
    ];
}
