using Crm.Storage.Sql;

namespace Crm.Storage.Sqlite;

internal static partial class SqliteSchema
{
    /// <summary>Crm.Churn tables: versions 40-49.</summary>
    private static IReadOnlyList<SqlMigration> ChurnMigrations =>
    [
        new(40, "churn: latest assessments, win-back episodes, feedback", """
            CREATE TABLE crm_churn_assessments (
                customer_id TEXT NOT NULL PRIMARY KEY,
                assessed_at INTEGER NOT NULL,
                score REAL NOT NULL,
                level INTEGER NOT NULL,
                probability_alive REAL NULL,
                expected_if_retained REAL NOT NULL,
                future_value_minor INTEGER NOT NULL,
                value_at_risk_minor INTEGER NOT NULL,
                reasons TEXT NOT NULL);
            CREATE INDEX ix_crm_churn_assessments_rank ON crm_churn_assessments (value_at_risk_minor DESC, customer_id);
            CREATE TABLE crm_churn_episodes (
                customer_id TEXT NOT NULL,
                number INTEGER NOT NULL,
                version INTEGER NOT NULL,
                started_at INTEGER NOT NULL,
                highest_level INTEGER NOT NULL,
                acted_levels INTEGER NOT NULL,
                first_action_at INTEGER NULL,
                last_action_at INTEGER NULL,
                ended_at INTEGER NULL,
                outcome INTEGER NOT NULL,
                PRIMARY KEY (customer_id, number));
            CREATE TABLE crm_churn_feedback (
                feedback_id TEXT NOT NULL PRIMARY KEY,
                customer_id TEXT NOT NULL,
                reported_at INTEGER NOT NULL,
                is_negative INTEGER NOT NULL,
                note TEXT NULL,
                resolved_at INTEGER NULL);
            CREATE INDEX ix_crm_churn_feedback_customer ON crm_churn_feedback (customer_id, reported_at, feedback_id);
            """),
    ];
}
