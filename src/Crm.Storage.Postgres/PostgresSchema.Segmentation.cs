using Crm.Storage.Sql;

namespace Crm.Storage.Postgres;

internal static partial class PostgresSchema
{
    /// <summary>Crm.Segmentation tables: versions 30-39.</summary>
    private static IReadOnlyList<SqlMigration> SegmentationMigrations =>
    [
        new(30, "segmentation: customer segment records, memberships, runs", """
            CREATE TABLE crm_segment_customers (
                customer_id text COLLATE "C" NOT NULL PRIMARY KEY,
                version bigint NOT NULL,
                run_id text NOT NULL,
                as_of bigint NOT NULL,
                recency_days bigint NULL,
                frequency bigint NULL,
                monetary_minor bigint NULL,
                r bigint NULL,
                f bigint NULL,
                m bigint NULL,
                previous text NOT NULL);
            CREATE TABLE crm_segment_members (
                segment text COLLATE "C" NOT NULL,
                customer_id text COLLATE "C" NOT NULL,
                slot bigint NOT NULL,
                kind bigint NOT NULL,
                explanation text NOT NULL,
                PRIMARY KEY (segment, customer_id));
            CREATE INDEX ix_crm_segment_members_customer ON crm_segment_members (customer_id, slot);
            CREATE TABLE crm_segment_runs (
                run_id text COLLATE "C" NOT NULL PRIMARY KEY,
                as_of bigint NOT NULL,
                started_at bigint NOT NULL,
                cursor_id text COLLATE "C" NULL,
                customers bigint NOT NULL,
                completed_at bigint NULL);
            """),
    ];
}
