using Crm.Storage.Sql;

namespace Crm.Storage.Sqlite;

internal static partial class SqliteSchema
{
    /// <summary>Crm.Segmentation tables: versions 30-39.</summary>
    private static IReadOnlyList<SqlMigration> SegmentationMigrations =>
    [
        new(30, "segmentation: customer segment records, memberships, runs", """
            CREATE TABLE crm_segment_customers (
                customer_id TEXT NOT NULL PRIMARY KEY,
                version INTEGER NOT NULL,
                run_id TEXT NOT NULL,
                as_of INTEGER NOT NULL,
                recency_days INTEGER NULL,
                frequency INTEGER NULL,
                monetary_minor INTEGER NULL,
                r INTEGER NULL,
                f INTEGER NULL,
                m INTEGER NULL,
                previous TEXT NOT NULL);
            CREATE TABLE crm_segment_members (
                segment TEXT NOT NULL,
                customer_id TEXT NOT NULL,
                slot INTEGER NOT NULL,
                kind INTEGER NOT NULL,
                explanation TEXT NOT NULL,
                PRIMARY KEY (segment, customer_id));
            CREATE INDEX ix_crm_segment_members_customer ON crm_segment_members (customer_id, slot);
            CREATE TABLE crm_segment_runs (
                run_id TEXT NOT NULL PRIMARY KEY,
                as_of INTEGER NOT NULL,
                started_at INTEGER NOT NULL,
                cursor_id TEXT NULL,
                customers INTEGER NOT NULL,
                completed_at INTEGER NULL);
            """),
    ];
}
