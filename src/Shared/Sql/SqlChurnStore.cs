using System.Data.Common;
using Crm.Churn;
using NodaTime;

namespace Crm.Storage.Sql;

/// <summary><see cref="IChurnStore"/> over ADO.NET, shared by the SQLite and PostgreSQL adapters.</summary>
/// <remarks>
/// Every write is one statement: the assessment upsert only replaces an earlier or equal <c>assessed_at</c>; episodes carry a
/// version column (insert on no conflict, or update where the version still matches); feedback inserts on no conflict and
/// resolves only while open. Money is stored in minor units; the reasons as JSON.
/// </remarks>
internal sealed class SqlChurnStore(SqlDatabase database) : IChurnStore
{
    private const string AssessmentColumns = "customer_id, assessed_at, score, level, probability_alive, expected_if_retained, future_value_minor, value_at_risk_minor, reasons";
    private const string EpisodeColumns = "customer_id, number, version, started_at, highest_level, acted_levels, first_action_at, last_action_at, ended_at, outcome";
    private const string FeedbackColumns = "feedback_id, customer_id, reported_at, is_negative, note, resolved_at";

    public async Task<ChurnAssessment?> FindAssessmentAsync(CustomerId customerId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = SqlDatabase.Command(connection, null, $"SELECT {AssessmentColumns} FROM crm_churn_assessments WHERE customer_id = @id", ("@id", customerId.Value));
        return (await ReadAssessmentsAsync(command, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
    }

    public async Task<bool> SaveAssessmentAsync(ChurnAssessment assessment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = SqlDatabase.Command(
            connection,
            null,
            $"INSERT INTO crm_churn_assessments ({AssessmentColumns}) VALUES (@id, @at, @score, @level, @alive, @expected, @future, @risk, @reasons) " +
            "ON CONFLICT (customer_id) DO UPDATE SET assessed_at = excluded.assessed_at, score = excluded.score, level = excluded.level, " +
            "probability_alive = excluded.probability_alive, expected_if_retained = excluded.expected_if_retained, future_value_minor = excluded.future_value_minor, " +
            "value_at_risk_minor = excluded.value_at_risk_minor, reasons = excluded.reasons WHERE crm_churn_assessments.assessed_at <= excluded.assessed_at RETURNING customer_id",
            ("@id", assessment.CustomerId.Value),
            ("@at", assessment.AssessedAt.ToUnixTimeTicks()),
            ("@score", assessment.Score),
            ("@level", (long)assessment.Level),
            ("@alive", assessment.ProbabilityAlive is { } p ? p : null),
            ("@expected", assessment.ExpectedPurchasesIfRetained),
            ("@future", assessment.FutureValue.ToMinorUnits()),
            ("@risk", assessment.ValueAtRisk.ToMinorUnits()),
            ("@reasons", CrmJson.Serialize(assessment.Reasons)));
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not (null or DBNull);
    }

    public async Task<IReadOnlyList<ChurnAssessment>> ListByValueAtRiskAsync(ChurnLevel minimumLevel, int skip, int take, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(take);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = SqlDatabase.Command(
            connection,
            null,
            $"SELECT {AssessmentColumns} FROM crm_churn_assessments WHERE level >= @level ORDER BY value_at_risk_minor DESC, customer_id LIMIT @take OFFSET @skip",
            ("@level", (long)minimumLevel),
            ("@take", (long)take),
            ("@skip", (long)skip));
        return await ReadAssessmentsAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ChurnEpisode?> FindLatestEpisodeAsync(CustomerId customerId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = SqlDatabase.Command(
            connection,
            null,
            $"SELECT {EpisodeColumns} FROM crm_churn_episodes WHERE customer_id = @id ORDER BY number DESC LIMIT 1",
            ("@id", customerId.Value));
        return (await ReadEpisodesAsync(command, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
    }

    public async Task<ChurnEpisode> SaveEpisodeAsync(ChurnEpisode episode, long expectedVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(episode);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        (string, object?)[] parameters =
        [
            ("@id", episode.CustomerId.Value),
            ("@number", (long)episode.Number),
            ("@expected", expectedVersion),
            ("@started", episode.StartedAt.ToUnixTimeTicks()),
            ("@highest", (long)episode.HighestLevel),
            ("@acted", episode.ActedLevels.Aggregate(0L, (mask, level) => mask | (1L << (int)level))),
            ("@first", episode.FirstActionAt?.ToUnixTimeTicks()),
            ("@last", episode.LastActionAt?.ToUnixTimeTicks()),
            ("@ended", episode.EndedAt?.ToUnixTimeTicks()),
            ("@outcome", (long)episode.Outcome),
        ];
        var sql = expectedVersion == 0
            ? $"INSERT INTO crm_churn_episodes ({EpisodeColumns}) VALUES (@id, @number, 1, @started, @highest, @acted, @first, @last, @ended, @outcome) ON CONFLICT (customer_id, number) DO NOTHING RETURNING version"
            : "UPDATE crm_churn_episodes SET version = version + 1, started_at = @started, highest_level = @highest, acted_levels = @acted, first_action_at = @first, " +
              "last_action_at = @last, ended_at = @ended, outcome = @outcome WHERE customer_id = @id AND number = @number AND version = @expected RETURNING version";
        await using var command = SqlDatabase.Command(connection, null, sql, parameters);
        if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is null or DBNull)
        {
            throw new CrmConcurrencyException($"churn episode {episode.Number} of customer {episode.CustomerId}", expectedVersion, null);
        }

        return episode with { Version = expectedVersion + 1, ActedLevels = [.. episode.ActedLevels.Distinct().Order()] };
    }

    public async Task<IReadOnlyList<ChurnEpisode>> ListEpisodesAsync(CustomerId? afterCustomer, int afterNumber, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = afterCustomer is { } after
            ? SqlDatabase.Command(
                connection,
                null,
                $"SELECT {EpisodeColumns} FROM crm_churn_episodes WHERE customer_id > @after OR (customer_id = @after AND number > @number) ORDER BY customer_id, number LIMIT @limit",
                ("@after", after.Value),
                ("@number", (long)afterNumber),
                ("@limit", (long)limit))
            : SqlDatabase.Command(connection, null, $"SELECT {EpisodeColumns} FROM crm_churn_episodes ORDER BY customer_id, number LIMIT @limit", ("@limit", (long)limit));
        return await ReadEpisodesAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<(ChurnFeedback Feedback, bool Added)> AddFeedbackAsync(ChurnFeedback feedback, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(feedback);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (var insert = SqlDatabase.Command(
            connection,
            null,
            $"INSERT INTO crm_churn_feedback ({FeedbackColumns}) VALUES (@id, @customer, @at, @negative, @note, @resolved) ON CONFLICT (feedback_id) DO NOTHING RETURNING feedback_id",
            ("@id", feedback.Id),
            ("@customer", feedback.CustomerId.Value),
            ("@at", feedback.ReportedAt.ToUnixTimeTicks()),
            ("@negative", feedback.IsNegative ? 1L : 0L),
            ("@note", feedback.Note is null ? NullText.Value : feedback.Note),
            ("@resolved", feedback.ResolvedAt?.ToUnixTimeTicks())))
        {
            if (await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not (null or DBNull))
            {
                return (feedback, true);
            }
        }

        await using var select = SqlDatabase.Command(connection, null, $"SELECT {FeedbackColumns} FROM crm_churn_feedback WHERE feedback_id = @id", ("@id", feedback.Id));
        return ((await ReadFeedbackAsync(select, cancellationToken).ConfigureAwait(false))[0], false);
    }

    public async Task<bool> ResolveFeedbackAsync(string feedbackId, Instant resolvedAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(feedbackId);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = SqlDatabase.Command(
            connection,
            null,
            "UPDATE crm_churn_feedback SET resolved_at = @at WHERE feedback_id = @id AND resolved_at IS NULL RETURNING feedback_id",
            ("@id", feedbackId),
            ("@at", resolvedAt.ToUnixTimeTicks()));
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not (null or DBNull);
    }

    public async Task<IReadOnlyList<ChurnFeedback>> GetFeedbackAsync(CustomerId customerId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = SqlDatabase.Command(
            connection,
            null,
            $"SELECT {FeedbackColumns} FROM crm_churn_feedback WHERE customer_id = @id ORDER BY reported_at, feedback_id",
            ("@id", customerId.Value));
        return await ReadFeedbackAsync(command, cancellationToken).ConfigureAwait(false);
    }

    private static Instant? OptionalInstant(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : Instant.FromUnixTimeTicks(reader.GetInt64(ordinal));

    private async Task<IReadOnlyList<ChurnAssessment>> ReadAssessmentsAsync(SqlStatement command, CancellationToken cancellationToken)
    {
        var list = new List<ChurnAssessment>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new ChurnAssessment
            {
                CustomerId = new CustomerId(reader.GetString(0)),
                AssessedAt = Instant.FromUnixTimeTicks(reader.GetInt64(1)),
                Score = reader.GetDouble(2),
                Level = (ChurnLevel)reader.GetInt64(3),
                ProbabilityAlive = reader.IsDBNull(4) ? null : reader.GetDouble(4),
                ExpectedPurchasesIfRetained = reader.GetDouble(5),
                FutureValue = Money.FromMinorUnits(reader.GetInt64(6), database.Currency),
                ValueAtRisk = Money.FromMinorUnits(reader.GetInt64(7), database.Currency),
                Reasons = CrmJson.Deserialize<List<ChurnReason>>(reader.GetString(8)),
            });
        }

        return list;
    }

    private static async Task<IReadOnlyList<ChurnEpisode>> ReadEpisodesAsync(SqlStatement command, CancellationToken cancellationToken)
    {
        var list = new List<ChurnEpisode>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var mask = reader.GetInt64(5);
            list.Add(new ChurnEpisode
            {
                CustomerId = new CustomerId(reader.GetString(0)),
                Number = checked((int)reader.GetInt64(1)),
                Version = reader.GetInt64(2),
                StartedAt = Instant.FromUnixTimeTicks(reader.GetInt64(3)),
                HighestLevel = (ChurnLevel)reader.GetInt64(4),
                ActedLevels = [.. Enum.GetValues<ChurnLevel>().Where(level => (mask & (1L << (int)level)) != 0)],
                FirstActionAt = OptionalInstant(reader, 6),
                LastActionAt = OptionalInstant(reader, 7),
                EndedAt = OptionalInstant(reader, 8),
                Outcome = (ChurnEpisodeOutcome)reader.GetInt64(9),
            });
        }

        return list;
    }

    private static async Task<IReadOnlyList<ChurnFeedback>> ReadFeedbackAsync(SqlStatement command, CancellationToken cancellationToken)
    {
        var list = new List<ChurnFeedback>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new ChurnFeedback
            {
                Id = reader.GetString(0),
                CustomerId = new CustomerId(reader.GetString(1)),
                ReportedAt = Instant.FromUnixTimeTicks(reader.GetInt64(2)),
                IsNegative = reader.GetInt64(3) != 0,
                Note = reader.IsDBNull(4) ? null : reader.GetString(4),
                ResolvedAt = OptionalInstant(reader, 5),
            });
        }

        return list;
    }
}
