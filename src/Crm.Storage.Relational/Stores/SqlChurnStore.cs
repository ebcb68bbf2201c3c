using System.Data.Common;
using Crm.Churn;
using NodaTime;

namespace Crm.Storage.Relational.Stores;

/// <summary><see cref="IChurnStore"/> over the relational base: the latest assessment per customer, versioned episodes, and feedback by id.</summary>
internal sealed class SqlChurnStore(RelationalDatabase database, RelationalUnitOfWork? unit) : RelationalStore(database, unit), IChurnStore, IPrefetcher
{
    private const string AssessmentColumns = "customer_id, assessed_at, score, level, probability_alive, expected_if_retained, future_value_minor, value_at_risk_minor, reasons";
    private const string EpisodeColumns = "customer_id, number, version, started_at, highest_level, acted_levels, first_action_at, last_action_at, ended_at, outcome";
    private const string FeedbackColumns = "feedback_id, customer_id, reported_at, is_negative, note, resolved_at";

    // Feedback is recorded with its note; only erasure sets note_erased_at, so reads take it after the others.
    private const string ReadFeedbackColumns = FeedbackColumns + ", note_erased_at";
    private const string AssessmentTable = "churn-assessment";
    private const string EpisodeTable = "churn-episode";

    public async Task<ChurnAssessment?> FindAssessmentAsync(CustomerId customerId, CancellationToken cancellationToken = default)
    {
        if (TryReadAhead<ChurnAssessment>(AssessmentTable, customerId.Value, cancellationToken, out var known))
        {
            return known;
        }

        await using var session = await SessionAsync(cancellationToken).ConfigureAwait(false);
        return (await ReadAsync(session.Command($"SELECT {AssessmentColumns} FROM crm_churn_assessments WHERE customer_id = @id", [("@id", customerId.Value)]), ReadAssessment, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
    }

    public async Task<bool> SaveAssessmentAsync(ChurnAssessment assessment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(assessment);

        // A later assessment stays (the update's condition). Outside a unit that is answered; in a unit the older one is dropped.
        var write = new SqlWrite(
            $"INSERT INTO crm_churn_assessments ({AssessmentColumns}) VALUES (@id, @at, @score, @level, @alive, @expected, @future, @risk, @reasons) " +
            "ON CONFLICT (customer_id) DO UPDATE SET assessed_at = excluded.assessed_at, score = excluded.score, level = excluded.level, " +
            "probability_alive = excluded.probability_alive, expected_if_retained = excluded.expected_if_retained, future_value_minor = excluded.future_value_minor, " +
            "value_at_risk_minor = excluded.value_at_risk_minor, reasons = excluded.reasons WHERE crm_churn_assessments.assessed_at <= excluded.assessed_at",
            [
                ("@id", assessment.CustomerId.Value),
                ("@at", Ticks(assessment.AssessedAt)),
                ("@score", assessment.Score),
                ("@level", (long)assessment.Level),
                ("@alive", assessment.ProbabilityAlive is { } p ? p : SqlNull.DoubleNull),
                ("@expected", assessment.ExpectedPurchasesIfRetained),
                ("@future", MinorUnits(assessment.FutureValue)),
                ("@risk", MinorUnits(assessment.ValueAtRisk)),
                ("@reasons", CrmJson.Serialize(assessment.Reasons)),
            ],
            Unit is null ? 1 : null);
        return await TryWriteAsync([write], cancellationToken).ConfigureAwait(false) is null;
    }

    public async Task<IReadOnlyList<ChurnAssessment>> ListByValueAtRiskAsync(ChurnLevel minimumLevel, int skip, int take, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(take);
        await using var session = await SessionAsync(cancellationToken).ConfigureAwait(false);
        return await ReadAsync(
            session.Command(
                $"SELECT {AssessmentColumns} FROM crm_churn_assessments WHERE level >= @level ORDER BY value_at_risk_minor DESC, customer_id LIMIT @take OFFSET @skip",
                [("@level", (long)minimumLevel), ("@take", (long)take), ("@skip", (long)skip)]),
            ReadAssessment,
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<ChurnEpisode?> FindLatestEpisodeAsync(CustomerId customerId, CancellationToken cancellationToken = default)
    {
        if (TryReadAhead<ChurnEpisode>(EpisodeTable, customerId.Value, cancellationToken, out var known))
        {
            return known;
        }

        await using var session = await SessionAsync(cancellationToken).ConfigureAwait(false);
        return (await ReadAsync(session.Command($"SELECT {EpisodeColumns} FROM crm_churn_episodes WHERE customer_id = @id ORDER BY number DESC LIMIT 1", [("@id", customerId.Value)]), ReadEpisode, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
    }

    public async Task<ChurnEpisode> SaveEpisodeAsync(ChurnEpisode episode, long expectedVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(episode);
        await WriteAsync(
            [new(
                expectedVersion == 0
                    ? $"INSERT INTO crm_churn_episodes ({EpisodeColumns}) VALUES (@id, @number, 1, @started, @highest, @acted, @first, @last, @ended, @outcome) ON CONFLICT (customer_id, number) DO NOTHING"
                    : "UPDATE crm_churn_episodes SET version = version + 1, started_at = @started, highest_level = @highest, acted_levels = @acted, first_action_at = @first, " +
                      "last_action_at = @last, ended_at = @ended, outcome = @outcome WHERE customer_id = @id AND number = @number AND version = @expected",
                [
                    ("@id", episode.CustomerId.Value),
                    ("@number", (long)episode.Number),
                    ("@expected", expectedVersion),
                    ("@started", Ticks(episode.StartedAt)),
                    ("@highest", (long)episode.HighestLevel),
                    ("@acted", episode.ActedLevels.Aggregate(0L, (mask, level) => mask | (1L << (int)level))),
                    ("@first", episode.FirstActionAt is { } first ? Ticks(first) : null),
                    ("@last", episode.LastActionAt is { } last ? Ticks(last) : null),
                    ("@ended", episode.EndedAt is { } ended ? Ticks(ended) : null),
                    ("@outcome", (long)episode.Outcome),
                ],
                1,
                ($"churn episode {episode.Number} of customer {episode.CustomerId}", expectedVersion))],
            cancellationToken).ConfigureAwait(false);
        return episode with { Version = expectedVersion + 1, ActedLevels = [.. episode.ActedLevels.Distinct().Order()] };
    }

    public async Task<IReadOnlyList<ChurnEpisode>> ListEpisodesAsync(CustomerId? afterCustomer, int afterNumber, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var session = await SessionAsync(cancellationToken).ConfigureAwait(false);
        var command = afterCustomer is { } after
            ? session.Command(
                $"SELECT {EpisodeColumns} FROM crm_churn_episodes WHERE customer_id > @after OR (customer_id = @after AND number > @number) ORDER BY customer_id, number LIMIT @limit",
                [("@after", after.Value), ("@number", (long)afterNumber), ("@limit", (long)limit)])
            : session.Command($"SELECT {EpisodeColumns} FROM crm_churn_episodes ORDER BY customer_id, number LIMIT @limit", [("@limit", (long)limit)]);
        return await ReadAsync(command, ReadEpisode, cancellationToken).ConfigureAwait(false);
    }

    public async Task<(ChurnFeedback Feedback, bool Added)> AddFeedbackAsync(ChurnFeedback feedback, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(feedback);
        var write = new SqlWrite(
            $"INSERT INTO crm_churn_feedback ({FeedbackColumns}) VALUES (@id, @customer, @at, @negative, @note, @resolved) ON CONFLICT (feedback_id) DO NOTHING",
            [
                ("@id", feedback.Id),
                ("@customer", feedback.CustomerId.Value),
                ("@at", Ticks(feedback.ReportedAt)),
                ("@negative", feedback.IsNegative ? 1L : 0L),
                ("@note", Text(feedback.Note)),
                ("@resolved", feedback.ResolvedAt is { } resolved ? Ticks(resolved) : null),
            ],
            1,
            ($"feedback {feedback.Id}", 0));

        // Outside a unit feedback recorded before is the answer; in a unit the commit finds it and fails.
        if (await TryWriteAsync([write], cancellationToken).ConfigureAwait(false) is { } failed)
        {
            await using var session = await SessionAsync(cancellationToken).ConfigureAwait(false);
            var existing = await ReadAsync(session.Command($"SELECT {ReadFeedbackColumns} FROM crm_churn_feedback WHERE feedback_id = @id", [("@id", feedback.Id)]), ReadFeedback, cancellationToken).ConfigureAwait(false);
            return existing.Count > 0 ? (existing[0], false) : throw failed.ToConflict();
        }

        return (feedback, true);
    }

    public async Task<bool> ResolveFeedbackAsync(string feedbackId, Instant resolvedAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(feedbackId);
        var write = new SqlWrite(
            "UPDATE crm_churn_feedback SET resolved_at = @at WHERE feedback_id = @id AND resolved_at IS NULL",
            [("@id", feedbackId), ("@at", Ticks(resolvedAt))],
            Unit is null ? 1 : null);
        return await TryWriteAsync([write], cancellationToken).ConfigureAwait(false) is null;
    }

    public async Task<IReadOnlyList<ChurnFeedback>> GetFeedbackAsync(CustomerId customerId, CancellationToken cancellationToken = default)
    {
        await using var session = await SessionAsync(cancellationToken).ConfigureAwait(false);
        return await ReadAsync(session.Command($"SELECT {ReadFeedbackColumns} FROM crm_churn_feedback WHERE customer_id = @id ORDER BY reported_at, feedback_id", [("@id", customerId.Value)]), ReadFeedback, cancellationToken).ConfigureAwait(false);
    }

    public async Task<int> EraseCustomerTextAsync(CustomerId customerId, Instant erasedAt, CancellationToken cancellationToken = default)
    {
        long count;
        await using (var session = await SessionAsync(cancellationToken).ConfigureAwait(false))
        {
            count = await ReadLongAsync(session.Command("SELECT COUNT(*) FROM crm_churn_feedback WHERE customer_id = @id AND note IS NOT NULL", [("@id", customerId.Value)]), cancellationToken).ConfigureAwait(false);
        }

        if (count > 0)
        {
            await WriteAsync(
                [new("UPDATE crm_churn_feedback SET note = NULL, note_erased_at = @at WHERE customer_id = @id AND note IS NOT NULL", [("@id", customerId.Value), ("@at", Ticks(erasedAt))])],
                cancellationToken).ConfigureAwait(false);
        }

        return checked((int)count);
    }

    /// <summary>Reads ahead the customers' assessments and latest episodes.</summary>
    public void AddTo(PrefetchBatch batch, StorePrefetch prefetch)
    {
        ReadAheadByCustomer(batch, AssessmentTable, isCustomer => $"SELECT {AssessmentColumns} FROM crm_churn_assessments WHERE {isCustomer}", ReadAssessment, a => a.CustomerId.Value);
        ReadAheadByCustomer(
            batch,
            EpisodeTable,
            isCustomer => $"SELECT {EpisodeColumns} FROM crm_churn_episodes e WHERE {isCustomer} AND number = (SELECT MAX(number) FROM crm_churn_episodes l WHERE l.customer_id = e.customer_id)",
            ReadEpisode,
            e => e.CustomerId.Value);
    }

    private ChurnAssessment ReadAssessment(DbDataReader reader) => new()
    {
        CustomerId = new CustomerId(reader.GetString(0)),
        AssessedAt = Instant(reader.GetInt64(1)),
        Score = reader.GetDouble(2),
        Level = (ChurnLevel)reader.GetInt64(3),
        ProbabilityAlive = reader.IsDBNull(4) ? null : reader.GetDouble(4),
        ExpectedPurchasesIfRetained = reader.GetDouble(5),
        FutureValue = Money.FromMinorUnits(reader.GetInt64(6), Currency),
        ValueAtRisk = Money.FromMinorUnits(reader.GetInt64(7), Currency),
        Reasons = CrmJson.Deserialize<List<ChurnReason>>(reader.GetString(8)),
    };

    private static ChurnEpisode ReadEpisode(DbDataReader reader)
    {
        var mask = reader.GetInt64(5);
        return new ChurnEpisode
        {
            CustomerId = new CustomerId(reader.GetString(0)),
            Number = checked((int)reader.GetInt64(1)),
            Version = reader.GetInt64(2),
            StartedAt = Instant(reader.GetInt64(3)),
            HighestLevel = (ChurnLevel)reader.GetInt64(4),
            ActedLevels = [.. Enum.GetValues<ChurnLevel>().Where(level => (mask & (1L << (int)level)) != 0)],
            FirstActionAt = Instant(reader, 6),
            LastActionAt = Instant(reader, 7),
            EndedAt = Instant(reader, 8),
            Outcome = (ChurnEpisodeOutcome)reader.GetInt64(9),
        };
    }

    private static ChurnFeedback ReadFeedback(DbDataReader reader) => new()
    {
        Id = reader.GetString(0),
        CustomerId = new CustomerId(reader.GetString(1)),
        ReportedAt = Instant(reader.GetInt64(2)),
        IsNegative = reader.GetInt64(3) != 0,
        Note = Text(reader, 4),
        ResolvedAt = Instant(reader, 5),
        NoteErasedAt = Instant(reader, 6),
    };
}
