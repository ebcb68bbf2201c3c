using Crm.Storage.Sql;

namespace Crm.Storage.Postgres;

internal static partial class PostgresSchema
{
    /// <summary>Crm.Churn tables: versions 40-49.</summary>
    private static IReadOnlyList<SqlMigration> ChurnMigrations =>
    [
        new(40, "churn: latest assessments, win-back episodes, feedback", """
            CREATE TABLE crm_churn_assessments (
                customer_id text COLLATE "C" NOT NULL PRIMARY KEY,
                assessed_at bigint NOT NULL,
                score double precision NOT NULL,
                level bigint NOT NULL,
                probability_alive double precision NULL,
                expected_if_retained double precision NOT NULL,
                future_value_minor bigint NOT NULL,
                value_at_risk_minor bigint NOT NULL,
                reasons text NOT NULL);
            CREATE INDEX ix_crm_churn_assessments_rank ON crm_churn_assessments (value_at_risk_minor DESC, customer_id);
            CREATE TABLE crm_churn_episodes (
                customer_id text COLLATE "C" NOT NULL,
                number bigint NOT NULL,
                version bigint NOT NULL,
                started_at bigint NOT NULL,
                highest_level bigint NOT NULL,
                acted_levels bigint NOT NULL,
                first_action_at bigint NULL,
                last_action_at bigint NULL,
                ended_at bigint NULL,
                outcome bigint NOT NULL,
                PRIMARY KEY (customer_id, number));
            CREATE TABLE crm_churn_feedback (
                feedback_id text COLLATE "C" NOT NULL PRIMARY KEY,
                customer_id text COLLATE "C" NOT NULL,
                reported_at bigint NOT NULL,
                is_negative bigint NOT NULL,
                note text NULL,
                resolved_at bigint NULL);
            CREATE INDEX ix_crm_churn_feedback_customer ON crm_churn_feedback (customer_id, reported_at, feedback_id);
            """),
    ];
}
