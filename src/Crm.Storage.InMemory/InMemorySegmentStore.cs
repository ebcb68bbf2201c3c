using System.Collections.Concurrent;
using Crm.Segmentation;

namespace Crm.Storage.InMemory;

/// <summary>An in-memory <see cref="ISegmentStore"/>: records by customer, a sorted member set per segment, one lock for writes.</summary>
/// <threadsafety>Safe to use from many threads at once.</threadsafety>
public sealed class InMemorySegmentStore : ISegmentStore
{
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<CustomerId, CustomerSegments> _records = new();
    private readonly Dictionary<string, SortedSet<CustomerId>> _members = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SegmentationRun> _runs = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task<CustomerSegments?> FindAsync(CustomerId customerId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_records.GetValueOrDefault(customerId));

    /// <inheritdoc />
    public Task<IReadOnlyList<CustomerSegments>> FindManyAsync(IReadOnlyCollection<CustomerId> customerIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(customerIds);
        var found = new List<CustomerSegments>(customerIds.Count);
        foreach (var id in customerIds.Distinct())
        {
            if (_records.TryGetValue(id, out var record))
            {
                found.Add(record);
            }
        }

        found.Sort((a, b) => a.CustomerId.CompareTo(b.CustomerId));
        return Task.FromResult<IReadOnlyList<CustomerSegments>>(found);
    }

    /// <inheritdoc />
    public Task SaveAsync(IReadOnlyList<CustomerSegments> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        lock (_gate)
        {
            // Check every version before writing anything: all or nothing.
            foreach (var record in records)
            {
                var actual = _records.TryGetValue(record.CustomerId, out var current) ? current.Version : 0;
                if (actual != record.Version)
                {
                    throw new CrmConcurrencyException($"segments of customer {record.CustomerId}", record.Version, actual);
                }
            }

            foreach (var record in records)
            {
                if (_records.TryGetValue(record.CustomerId, out var current))
                {
                    foreach (var assignment in current.Assignments)
                    {
                        _members[assignment.Segment].Remove(record.CustomerId);
                    }
                }

                foreach (var assignment in record.Assignments)
                {
                    if (!_members.TryGetValue(assignment.Segment, out var set))
                    {
                        _members[assignment.Segment] = set = [];
                    }

                    set.Add(record.CustomerId);
                }

                _records[record.CustomerId] = record with { Version = record.Version + 1 };
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<CustomerId>> ListMembersAsync(string segment, CustomerId? after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(segment);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        lock (_gate)
        {
            if (!_members.TryGetValue(segment, out var set))
            {
                return Task.FromResult<IReadOnlyList<CustomerId>>([]);
            }

            IEnumerable<CustomerId> view = set;
            if (after is { } a && set.Count > 0)
            {
                view = set.Max.CompareTo(a) > 0 ? set.GetViewBetween(a, set.Max).Where(id => id.CompareTo(a) > 0) : [];
            }

            return Task.FromResult<IReadOnlyList<CustomerId>>([.. view.Take(limit)]);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<SegmentCount>> CountAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<SegmentCount>>([.. _members
                .Where(pair => pair.Value.Count > 0)
                .OrderBy(pair => pair.Key, StringComparer.Ordinal)
                .Select(pair => new SegmentCount(pair.Key, pair.Value.Count))]);
        }
    }

    /// <inheritdoc />
    public Task<SegmentationRun?> FindRunAsync(string runId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_runs.GetValueOrDefault(runId));

    /// <inheritdoc />
    public Task SaveRunAsync(SegmentationRun run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        _runs[run.RunId] = run;
        return Task.CompletedTask;
    }
}
