using Crm.Churn;
using NodaTime;

namespace Crm.Storage.InMemory;

/// <summary>An in-memory <see cref="IChurnStore"/>: the latest assessment per customer, episodes by customer and number, feedback by id.</summary>
/// <threadsafety>Safe to use from many threads at once.</threadsafety>
public sealed class InMemoryChurnStore : IChurnStore
{
    private readonly InMemoryDatabase _database;
    private readonly InMemoryUnitOfWork? _unit;

    /// <summary>Initializes a new instance of the <see cref="InMemoryChurnStore"/> class, whose writes apply at once.</summary>
    /// <param name="database">The database whose data the store reads and writes.</param>
    public InMemoryChurnStore(InMemoryDatabase database)
        : this(database, null)
    {
    }

    internal InMemoryChurnStore(InMemoryDatabase database, InMemoryUnitOfWork? unit)
    {
        _database = Internal.Guard.NotNull(database);
        _unit = unit;
    }

    private Data Store => _database.Churn;

    /// <inheritdoc />
    public Task<ChurnAssessment?> FindAssessmentAsync(CustomerId customerId, CancellationToken cancellationToken = default) =>
        _database.ReadAsync(() => Store.Assessments.GetValueOrDefault(customerId), cancellationToken);

    /// <inheritdoc />
    public async Task<bool> SaveAssessmentAsync(ChurnAssessment assessment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        var saved = true;
        await _database.WriteAsync(
            _unit,
            () =>
            {
                // A later assessment stays: an older one is dropped, in a unit too (assessments are not versioned, the newest wins).
                var before = Store.Assessments.GetValueOrDefault(assessment.CustomerId);
                if (before is not null && before.AssessedAt > assessment.AssessedAt)
                {
                    saved = false;
                    return () => { };
                }

                Store.Assessments[assessment.CustomerId] = assessment;
                return () =>
                {
                    if (before is null)
                    {
                        Store.Assessments.Remove(assessment.CustomerId);
                    }
                    else
                    {
                        Store.Assessments[assessment.CustomerId] = before;
                    }
                };
            },
            cancellationToken).ConfigureAwait(false);
        return saved;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ChurnAssessment>> ListByValueAtRiskAsync(ChurnLevel minimumLevel, int skip, int take, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(take);
        return _database.ReadAsync<IReadOnlyList<ChurnAssessment>>(
            () => [.. Store.Assessments.Values
                .Where(a => a.Level >= minimumLevel)
                .OrderByDescending(a => a.ValueAtRisk.Amount)
                .ThenBy(a => a.CustomerId)
                .Skip(skip)
                .Take(take)],
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<ChurnEpisode?> FindLatestEpisodeAsync(CustomerId customerId, CancellationToken cancellationToken = default) =>
        _database.ReadAsync(() => Store.Episodes.GetValueOrDefault(customerId)?.LastOrDefault(), cancellationToken);

    /// <inheritdoc />
    public async Task<ChurnEpisode> SaveEpisodeAsync(ChurnEpisode episode, long expectedVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(episode);
        var saved = episode with { Version = expectedVersion + 1, ActedLevels = [.. episode.ActedLevels] };
        await _database.WriteAsync(
            _unit,
            () =>
            {
                var episodes = Store.Episodes.GetValueOrDefault(saved.CustomerId) ?? [];
                var index = episodes.FindIndex(e => e.Number == saved.Number);
                var actual = index < 0 ? 0 : episodes[index].Version;
                if (actual != expectedVersion)
                {
                    throw new CrmConcurrencyException($"churn episode {saved.Number} of customer {saved.CustomerId}", expectedVersion, actual);
                }

                Store.Episodes[saved.CustomerId] = episodes;
                if (index >= 0)
                {
                    var before = episodes[index];
                    episodes[index] = saved;
                    return () => episodes[index] = before;
                }

                // Episodes stay in number order, so the latest is the last.
                var at = episodes.FindIndex(e => e.Number > saved.Number);
                at = at < 0 ? episodes.Count : at;
                episodes.Insert(at, saved);
                return () => episodes.RemoveAt(at);
            },
            cancellationToken).ConfigureAwait(false);
        return saved;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ChurnEpisode>> ListEpisodesAsync(CustomerId? afterCustomer, int afterNumber, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return _database.ReadAsync<IReadOnlyList<ChurnEpisode>>(
            () => [.. Store.Episodes
                .OrderBy(pair => pair.Key)
                .SelectMany(pair => pair.Value)
                .Where(e => afterCustomer is not { } after || e.CustomerId.CompareTo(after) > 0 || (e.CustomerId == after && e.Number > afterNumber))
                .Take(limit)],
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task<(ChurnFeedback Feedback, bool Added)> AddFeedbackAsync(ChurnFeedback feedback, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(feedback);
        var stored = feedback;
        var added = true;
        await _database.WriteAsync(
            _unit,
            () =>
            {
                // Outside a unit feedback recorded before is the answer; in a unit the commit finds it and fails.
                if (Store.Feedback.TryGetValue(feedback.Id, out var existing))
                {
                    (stored, added) = (existing, false);
                    return _unit is null ? () => { } : throw new CrmConcurrencyException($"feedback {feedback.Id}", 0, 1);
                }

                Store.Feedback.Add(feedback.Id, feedback);
                return () => Store.Feedback.Remove(feedback.Id);
            },
            cancellationToken).ConfigureAwait(false);
        return (stored, added);
    }

    /// <inheritdoc />
    public async Task<bool> ResolveFeedbackAsync(string feedbackId, Instant resolvedAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(feedbackId);
        var resolved = true;
        await _database.WriteAsync(
            _unit,
            () =>
            {
                if (!Store.Feedback.TryGetValue(feedbackId, out var stored) || stored.ResolvedAt is not null)
                {
                    resolved = false;
                    return () => { };
                }

                Store.Feedback[feedbackId] = stored with { ResolvedAt = resolvedAt };
                return () => Store.Feedback[feedbackId] = stored;
            },
            cancellationToken).ConfigureAwait(false);
        return resolved;
    }

    /// <inheritdoc />
    public async Task<int> EraseCustomerTextAsync(CustomerId customerId, Instant erasedAt, CancellationToken cancellationToken = default)
    {
        var erased = 0;
        await _database.WriteAsync(
            _unit,
            () =>
            {
                var noted = Store.Feedback.Values.Where(f => f.CustomerId == customerId && f.Note is not null).ToList();
                foreach (var f in noted)
                {
                    Store.Feedback[f.Id] = f with { Note = null, NoteErasedAt = erasedAt };
                }

                erased = noted.Count;
                return () => noted.ForEach(f => Store.Feedback[f.Id] = f);
            },
            cancellationToken).ConfigureAwait(false);
        return erased;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ChurnFeedback>> GetFeedbackAsync(CustomerId customerId, CancellationToken cancellationToken = default) =>
        _database.ReadAsync<IReadOnlyList<ChurnFeedback>>(
            () => [.. Store.Feedback.Values.Where(f => f.CustomerId == customerId).OrderBy(f => f.ReportedAt).ThenBy(f => f.Id, StringComparer.Ordinal)],
            cancellationToken);

    /// <summary>The churn data of a database.</summary>
    internal sealed class Data
    {
        public Dictionary<CustomerId, ChurnAssessment> Assessments { get; } = [];

        public Dictionary<CustomerId, List<ChurnEpisode>> Episodes { get; } = [];

        public Dictionary<string, ChurnFeedback> Feedback { get; } = new(StringComparer.Ordinal);
    }
}
