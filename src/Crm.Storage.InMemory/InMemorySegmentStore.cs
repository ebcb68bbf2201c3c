using Crm.Segmentation;

namespace Crm.Storage.InMemory;

/// <summary>An in-memory <see cref="ISegmentStore"/>: each customer's segments, and the segmentation runs.</summary>
/// <threadsafety>Safe to use from many threads at once.</threadsafety>
public sealed class InMemorySegmentStore : ISegmentStore
{
    private readonly InMemoryDatabase _database;
    private readonly InMemoryUnitOfWork? _unit;

    /// <summary>Initializes a new instance of the <see cref="InMemorySegmentStore"/> class, whose writes apply at once.</summary>
    /// <param name="database">The database whose data the store reads and writes.</param>
    public InMemorySegmentStore(InMemoryDatabase database)
        : this(database, null)
    {
    }

    internal InMemorySegmentStore(InMemoryDatabase database, InMemoryUnitOfWork? unit)
    {
        _database = Internal.Guard.NotNull(database);
        _unit = unit;
    }

    private Data Store => _database.Segments;

    /// <inheritdoc />
    public Task<CustomerSegments?> FindAsync(CustomerId customerId, CancellationToken cancellationToken = default) =>
        _database.ReadAsync(() => Store.Records.GetValueOrDefault(customerId), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<CustomerSegments>> FindManyAsync(IReadOnlyCollection<CustomerId> customerIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(customerIds);
        return _database.ReadAsync<IReadOnlyList<CustomerSegments>>(
            () => [.. customerIds.Distinct().Select(id => Store.Records.GetValueOrDefault(id)).OfType<CustomerSegments>().OrderBy(r => r.CustomerId)],
            cancellationToken);
    }

    /// <inheritdoc />
    public Task SaveAsync(IReadOnlyList<CustomerSegments> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        IReadOnlyList<CustomerSegments> saved = [.. records.Select(r => r with { Version = r.Version + 1, Assignments = [.. r.Assignments] })];
        return _database.WriteAsync(
            _unit,
            () =>
            {
                // Every version is checked before anything changes: all or nothing.
                foreach (var record in records)
                {
                    var actual = Store.Records.GetValueOrDefault(record.CustomerId)?.Version ?? 0;
                    if (actual != record.Version)
                    {
                        throw new CrmConcurrencyException($"segments of customer {record.CustomerId}", record.Version, actual);
                    }
                }

                var before = saved.Select(r => (r.CustomerId, Record: Store.Records.GetValueOrDefault(r.CustomerId))).ToList();
                foreach (var record in saved)
                {
                    Store.Records[record.CustomerId] = record;
                }

                return () =>
                {
                    foreach (var (id, record) in before)
                    {
                        if (record is null)
                        {
                            Store.Records.Remove(id);
                        }
                        else
                        {
                            Store.Records[id] = record;
                        }
                    }
                };
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<CustomerId>> ListMembersAsync(string segment, CustomerId? after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(segment);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return _database.ReadAsync<IReadOnlyList<CustomerId>>(
            () => [.. Store.Records.Values
                .Where(r => (after is not { } a || r.CustomerId.CompareTo(a) > 0) && r.Assignments.Any(s => string.Equals(s.Segment, segment, StringComparison.Ordinal)))
                .Select(r => r.CustomerId)
                .Order()
                .Take(limit)],
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<SegmentCount>> CountAsync(CancellationToken cancellationToken = default) =>
        _database.ReadAsync<IReadOnlyList<SegmentCount>>(
            () => [.. Store.Records.Values
                .SelectMany(r => r.Assignments.Select(s => s.Segment).Distinct(StringComparer.Ordinal))
                .GroupBy(s => s, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new SegmentCount(g.Key, g.Count()))],
            cancellationToken);

    /// <inheritdoc />
    public Task<SegmentationRun?> FindRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runId);
        return _database.ReadAsync(() => Store.Runs.GetValueOrDefault(runId), cancellationToken);
    }

    /// <inheritdoc />
    public Task SaveRunAsync(SegmentationRun run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        return _database.WriteAsync(
            _unit,
            () =>
            {
                var before = Store.Runs.GetValueOrDefault(run.RunId);
                Store.Runs[run.RunId] = run;
                return () =>
                {
                    if (before is null)
                    {
                        Store.Runs.Remove(run.RunId);
                    }
                    else
                    {
                        Store.Runs[run.RunId] = before;
                    }
                };
            },
            cancellationToken);
    }

    /// <summary>The segmentation data of a database.</summary>
    internal sealed class Data
    {
        public Dictionary<CustomerId, CustomerSegments> Records { get; } = [];

        public Dictionary<string, SegmentationRun> Runs { get; } = new(StringComparer.Ordinal);
    }
}
