using NodaTime;

namespace Crm.Storage.InMemory;

/// <summary>An in-memory <see cref="IActivityStore"/>: each customer's entries in a list with their metrics, an index of all entries by kind and id.</summary>
/// <threadsafety>Safe to use from many threads at once.</threadsafety>
public sealed class InMemoryActivityStore : IActivityStore
{
    private readonly InMemoryDatabase _database;
    private readonly InMemoryUnitOfWork? _unit;

    /// <summary>Initializes a new instance of the <see cref="InMemoryActivityStore"/> class, whose writes apply at once.</summary>
    /// <param name="database">The database whose data the store reads and writes.</param>
    public InMemoryActivityStore(InMemoryDatabase database)
        : this(database, null)
    {
    }

    internal InMemoryActivityStore(InMemoryDatabase database, InMemoryUnitOfWork? unit)
    {
        _database = Internal.Guard.NotNull(database);
        _unit = unit;
    }

    private Data Store => _database.Activity;

    /// <inheritdoc />
    public Task AppendAsync(ActivityEntry entry, long expectedVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Sequence != expectedVersion + 1)
        {
            throw new ArgumentException($"The entry's sequence is {entry.Sequence}; appending at version {expectedVersion} needs {expectedVersion + 1}.", nameof(entry));
        }

        var stored = entry with { Lines = [.. entry.Lines] };
        return _database.WriteAsync(
            _unit,
            () =>
            {
                var key = (stored.Kind, stored.Id);
                var journal = Store.Journals.GetValueOrDefault(stored.CustomerId);
                var actual = journal?.Metrics.Version ?? 0;
                if (actual != expectedVersion || Store.Entries.ContainsKey(key))
                {
                    throw new CrmConcurrencyException($"activity of customer {stored.CustomerId}", expectedVersion, actual);
                }

                // Applied before anything changes: metrics that refuse the entry (another currency, an overflow) leave no trace.
                var before = journal?.Metrics ?? CustomerMetrics.Empty(stored.CustomerId, _database.Currency);
                var after = before.Apply(stored);
                var isNew = journal is null;
                journal ??= Store.Journals[stored.CustomerId] = new Journal(before);
                journal.Entries.Add(stored);
                journal.Metrics = after;
                Store.Entries.Add(key, stored);
                if (stored.Kind == ActivityKind.Refund)
                {
                    Store.RefundsOf(stored.PurchaseId).Add(stored);
                }

                return () =>
                {
                    Store.Entries.Remove(key);
                    journal.Entries.RemoveAt(journal.Entries.Count - 1);
                    journal.Metrics = before;
                    if (stored.Kind == ActivityKind.Refund)
                    {
                        var refunds = Store.RefundsOf(stored.PurchaseId);
                        refunds.RemoveAt(refunds.Count - 1);
                    }

                    if (isNew)
                    {
                        Store.Journals.Remove(stored.CustomerId);
                    }
                };
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<CustomerMetrics?> GetMetricsAsync(CustomerId customerId, CancellationToken cancellationToken = default) =>
        _database.ReadAsync(() => Store.Journals.GetValueOrDefault(customerId)?.Metrics, cancellationToken);

    /// <inheritdoc />
    public Task<ActivityEntry?> FindEntryAsync(ActivityKind kind, string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        return _database.ReadAsync(() => Store.Entries.GetValueOrDefault((kind, id)), cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ActivityEntry>> GetRefundsOfPurchaseAsync(string purchaseId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(purchaseId);
        return _database.ReadAsync<IReadOnlyList<ActivityEntry>>(() => [.. Store.Refunds.GetValueOrDefault(purchaseId) ?? []], cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ActivityEntry>> GetEntriesAsync(CustomerId customerId, long afterSequence, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return _database.ReadAsync<IReadOnlyList<ActivityEntry>>(
            () => Store.Journals.TryGetValue(customerId, out var journal)
                ? [.. journal.Entries.Where(e => e.Sequence > afterSequence).Take(limit)]
                : [],
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<ActivityTotals> GetTotalsAsync(CustomerId customerId, Instant from, Instant to, CancellationToken cancellationToken = default) =>
        _database.ReadAsync(
            () =>
            {
                var count = 0;
                var spend = Money.Zero(_database.Currency);
                foreach (var entry in Store.Journals.GetValueOrDefault(customerId)?.Entries ?? [])
                {
                    if (entry.PurchasedAt < from || entry.PurchasedAt > to || entry.OccurredAt > to)
                    {
                        continue;
                    }

                    if (entry.Kind == ActivityKind.Purchase)
                    {
                        count++;
                        spend += entry.Amount;
                    }
                    else
                    {
                        spend -= entry.Amount;
                    }
                }

                return new ActivityTotals(count, spend);
            },
            cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<Instant>> GetPurchaseInstantsAsync(CustomerId customerId, Instant from, Instant to, CancellationToken cancellationToken = default) =>
        _database.ReadAsync<IReadOnlyList<Instant>>(
            () => [.. (Store.Journals.GetValueOrDefault(customerId)?.Entries ?? [])
                .Where(e => e.Kind == ActivityKind.Purchase && e.PurchasedAt >= from && e.PurchasedAt <= to)
                .Select(e => e.PurchasedAt)
                .Order()],
            cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<ActivityEntry>> ListEntriesAsync(Instant from, Instant to, JournalPosition? after, int limit, string? storeId = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return _database.ReadAsync<IReadOnlyList<ActivityEntry>>(
            () => [.. Store.Entries.Values
                .Where(e => e.PurchasedAt >= from && e.PurchasedAt <= to && (storeId is null || string.Equals(e.StoreId, storeId, StringComparison.Ordinal)) && (after is not { } a || Compare(JournalPosition.Of(e), a) > 0))
                .Order(Comparer<ActivityEntry>.Create((x, y) => Compare(JournalPosition.Of(x), JournalPosition.Of(y))))
                .Take(limit)],
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<CustomerMetrics>> ListMetricsAsync(CustomerId? after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return _database.ReadAsync<IReadOnlyList<CustomerMetrics>>(
            () => [.. Store.Journals
                .Where(pair => after is not { } a || pair.Key.CompareTo(a) > 0)
                .OrderBy(pair => pair.Key)
                .Take(limit)
                .Select(pair => pair.Value.Metrics)],
            cancellationToken);
    }

    private static int Compare(JournalPosition x, JournalPosition y)
    {
        var order = x.PurchasedAt.CompareTo(y.PurchasedAt);
        order = order != 0 ? order : string.CompareOrdinal(x.PurchaseId, y.PurchaseId);
        order = order != 0 ? order : x.Kind.CompareTo(y.Kind);
        return order != 0 ? order : string.CompareOrdinal(x.Id, y.Id);
    }

    /// <summary>The activity data of a database.</summary>
    internal sealed class Data
    {
        public Dictionary<CustomerId, Journal> Journals { get; } = [];

        public Dictionary<(ActivityKind Kind, string Id), ActivityEntry> Entries { get; } = [];

        public Dictionary<string, List<ActivityEntry>> Refunds { get; } = new(StringComparer.Ordinal);

        public List<ActivityEntry> RefundsOf(string purchaseId)
        {
            if (!Refunds.TryGetValue(purchaseId, out var list))
            {
                Refunds[purchaseId] = list = [];
            }

            return list;
        }
    }

    /// <summary>A customer's entries in sequence order, and their metrics.</summary>
    internal sealed class Journal(CustomerMetrics metrics)
    {
        public List<ActivityEntry> Entries { get; } = [];

        public CustomerMetrics Metrics { get; set; } = metrics;
    }
}
