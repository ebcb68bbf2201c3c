using Crm.Storage.Sql;

namespace Crm.Storage.Sqlite;

internal static partial class SqliteSchema
{
    /// <summary>Crm.Points tables: versions 10-19.</summary>
    private static IReadOnlyList<SqlMigration> PointsMigrations =>
    [
        new(10, "points: accounts, write keys, ledger entries, lots", """
            CREATE TABLE crm_points_accounts (
                customer_id TEXT NOT NULL PRIMARY KEY,
                version INTEGER NOT NULL,
                entry_count INTEGER NOT NULL,
                balance INTEGER NOT NULL,
                lot_points INTEGER NOT NULL,
                debt INTEGER NOT NULL,
                counters TEXT NOT NULL);
            CREATE TABLE crm_points_writes (
                customer_id TEXT NOT NULL,
                write_key TEXT NOT NULL,
                PRIMARY KEY (customer_id, write_key));
            CREATE TABLE crm_points_entries (
                customer_id TEXT NOT NULL,
                sequence INTEGER NOT NULL,
                write_key TEXT NOT NULL,
                kind INTEGER NOT NULL,
                points INTEGER NOT NULL,
                occurred_at INTEGER NOT NULL,
                earned_at INTEGER NOT NULL,
                reason TEXT NOT NULL,
                operator_id TEXT NULL,
                PRIMARY KEY (customer_id, sequence));
            CREATE INDEX ix_crm_points_entries_key ON crm_points_entries (customer_id, write_key);
            CREATE TABLE crm_points_lots (
                customer_id TEXT NOT NULL,
                lot_id TEXT NOT NULL,
                earned_at INTEGER NOT NULL,
                available_at INTEGER NOT NULL,
                expires_at INTEGER NULL,
                points INTEGER NOT NULL,
                remaining INTEGER NOT NULL,
                reversed INTEGER NOT NULL,
                awarded INTEGER NOT NULL,
                refunded_minor INTEGER NOT NULL,
                PRIMARY KEY (customer_id, lot_id));
            CREATE INDEX ix_crm_points_lots_expiring ON crm_points_lots (expires_at, customer_id) WHERE remaining > 0;
            """),
        new(11, "points: expired points per lot, which a refund reverses before taking other points", """
            ALTER TABLE crm_points_lots ADD COLUMN expired INTEGER NOT NULL DEFAULT 0;
            """),
    ];
}
