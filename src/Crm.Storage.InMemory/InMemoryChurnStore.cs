using System.Collections.Concurrent;
using Crm.Churn;
using NodaTime;

namespace Crm.Storage.InMemory;

/// <summary>An in-memory <see cref="IChurnStore"/>: one lock for all writes (churn writes are rare and small).</summary>
/// <threadsafety>Safe to use from many threads at once.</threadsafety>
public sealed class InMemoryChurnStore : IChurnStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<CustomerId, ChurnAssessment> _assessments = [];
    private readonly SortedDictionary<(CustomerId Customer, int Number), ChurnEpisode> _episodes = new(Comparer<(CustomerId Customer, int Number)>.Create(
        (x, y) => x.Customer.CompareTo(y.Customer) is var c && c != 0 ? c : x.Number.CompareTo(y.Number)));

    private readonly Dictionary<CustomerId, int> _latest = [];
    private readonly ConcurrentDictionary<string, ChurnFeedback> _feedback = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task<ChurnAssessment?> FindAssessmentAsync(CustomerId customerId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_assessments.GetValueOrDefault(customerId));
        }
    }

    /// <inheritdoc />
    public Task<bool> SaveAssessmentAsync(ChurnAssessment assessment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        lock (_gate)
        {
            if (_assessments.TryGetValue(assessment.CustomerId, out var stored) && stored.AssessedAt > assessment.AssessedAt)
            {
                return Task.FromResult(false);
            }

            _assessments[assessment.CustomerId] = assessment;
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ChurnAssessment>> ListByValueAtRiskAsync(ChurnLevel minimumLevel, int skip, int take, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(take);
        lock (_gate)
        {
            IReadOnlyList<ChurnAssessment> page = [.. _assessments.Values
                .Where(a => a.Level >= minimumLevel)
                .OrderByDescending(a => a.ValueAtRisk.Amount)
                .ThenBy(a => a.CustomerId)
                .Skip(skip)
                .Take(take)];
            return Task.FromResult(page);
        }
    }

    /// <inheritdoc />
    public Task<ChurnEpisode?> FindLatestEpisodeAsync(CustomerId customerId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_latest.TryGetValue(customerId, out var number) ? _episodes[(customerId, number)] : null);
        }
    }

    /// <inheritdoc />
    public Task<ChurnEpisode> SaveEpisodeAsync(ChurnEpisode episode, long expectedVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(episode);
        lock (_gate)
        {
            var key = (episode.CustomerId, episode.Number);
            var actual = _episodes.TryGetValue(key, out var stored) ? stored.Version : 0;
            if (actual != expectedVersion)
            {
                throw new CrmConcurrencyException($"churn episode {episode.Number} of customer {episode.CustomerId}", expectedVersion, actual);
            }

            var saved = episode with { Version = expectedVersion + 1, ActedLevels = [.. episode.ActedLevels] };
            _episodes[key] = saved;
            if (!_latest.TryGetValue(episode.CustomerId, out var latest) || latest < episode.Number)
            {
                _latest[episode.CustomerId] = episode.Number;
            }
            return Task.FromResult(saved);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ChurnEpisode>> ListEpisodesAsync(CustomerId? afterCustomer, int afterNumber, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        lock (_gate)
        {
            IReadOnlyList<ChurnEpisode> page = [.. _episodes
                .Where(pair => afterCustomer is not { } after || pair.Key.Customer.CompareTo(after) > 0 || (pair.Key.Customer == after && pair.Key.Number > afterNumber))
                .Take(limit)
                .Select(pair => pair.Value)];
            return Task.FromResult(page);
        }
    }

    /// <inheritdoc />
    public Task<(ChurnFeedback Feedback, bool Added)> AddFeedbackAsync(ChurnFeedback feedback, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(feedback);
        var added = _feedback.TryAdd(feedback.Id, feedback);
        return Task.FromResult((added ? feedback : _feedback[feedback.Id], added));
    }

    /// <inheritdoc />
    public Task<bool> ResolveFeedbackAsync(string feedbackId, Instant resolvedAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(feedbackId);
        while (_feedback.TryGetValue(feedbackId, out var stored))
        {
            if (stored.ResolvedAt is not null)
            {
                return Task.FromResult(false);
            }

            if (_feedback.TryUpdate(feedbackId, stored with { ResolvedAt = resolvedAt }, stored))
            {
                return Task.FromResult(true);
            }
        }

        return Task.FromResult(false);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ChurnFeedback>> GetFeedbackAsync(CustomerId customerId, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<ChurnFeedback> list = [.. _feedback.Values
            .Where(f => f.CustomerId == customerId)
            .OrderBy(f => f.ReportedAt)
            .ThenBy(f => f.Id, StringComparer.Ordinal)];
        return Task.FromResult(list);
    }
}
