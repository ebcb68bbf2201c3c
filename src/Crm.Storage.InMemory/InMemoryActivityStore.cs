using System.Collections.Concurrent;

namespace Crm.Storage.InMemory;

/// <summary>An in-memory <see cref="IActivityStore"/>: one lock per customer, a global index of purchase ids and one of refund ids.</summary>
/// <threadsafety>Safe to use from many threads at once.</threadsafety>
public sealed class InMemoryActivityStore : IActivityStore
{
    private readonly ConcurrentDictionary<CustomerId, Journal> _journals = new();
    private readonly ConcurrentDictionary<string, ActivityEntry> _purchases = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ActivityEntry> _refunds = new(StringComparer.Ordinal);
    private readonly Currency _currency;
    private readonly Lock _sortedGate = new();
    private CustomerId[] _sortedIds = [];
    private int _sortedCount = -1;

    /// <summary>Initializes a new instance of the <see cref="InMemoryActivityStore"/> class.</summary>
    /// <param name="currency">The programme's currency, used for the metrics of a customer's first entry.</param>
    public InMemoryActivityStore(Currency currency)
    {
        ArgumentNullException.ThrowIfNull(currency);
        _currency = currency;
    }

    /// <inheritdoc />
    public Task<AppendActivityResult> AppendAsync(ActivityEntry entry, long? expectedVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var index = Index(entry.Kind);
        var journal = _journals.GetOrAdd(entry.CustomerId, static (id, currency) => new Journal(CustomerMetrics.Empty(id, currency)), _currency);
        lock (journal.Gate)
        {
            if (index.TryGetValue(entry.Id, out var existing))
            {
                return Task.FromResult(Existing(existing));
            }

            var version = journal.Metrics.Version;
            if (expectedVersion is { } expected && expected != version)
            {
                throw new CrmConcurrencyException($"activity of customer {entry.CustomerId}", expected, version);
            }

            var stored = entry with { Sequence = version + 1 };

            // The key index is shared by all customers; claiming it here settles a race with the same id for another customer.
            if (!index.TryAdd(entry.Id, stored))
            {
                return Task.FromResult(Existing(index[entry.Id]));
            }

            journal.Entries.Add(stored);
            if (stored.Kind == ActivityKind.Refund)
            {
                if (!journal.RefundsByPurchase.TryGetValue(stored.PurchaseId, out var refunds))
                {
                    journal.RefundsByPurchase[stored.PurchaseId] = refunds = [];
                }

                refunds.Add(stored);
            }

            journal.Metrics = journal.Metrics.Apply(stored);
            return Task.FromResult(new AppendActivityResult(true, stored, journal.Metrics));
        }
    }

    /// <inheritdoc />
    public Task<CustomerMetrics?> GetMetricsAsync(CustomerId customerId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_journals.TryGetValue(customerId, out var journal) && journal.Metrics.Version > 0 ? journal.Metrics : null);

    /// <inheritdoc />
    public Task<ActivityEntry?> FindEntryAsync(ActivityKind kind, string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        return Task.FromResult(Index(kind).TryGetValue(id, out var entry) ? entry : null);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ActivityEntry>> GetRefundsOfPurchaseAsync(string purchaseId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(purchaseId);
        if (!_purchases.TryGetValue(purchaseId, out var purchase) || !_journals.TryGetValue(purchase.CustomerId, out var journal))
        {
            return Task.FromResult<IReadOnlyList<ActivityEntry>>([]);
        }

        lock (journal.Gate)
        {
            return Task.FromResult<IReadOnlyList<ActivityEntry>>(
                journal.RefundsByPurchase.TryGetValue(purchaseId, out var refunds) ? [.. refunds] : []);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ActivityEntry>> GetEntriesAsync(CustomerId customerId, long afterSequence, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        if (!_journals.TryGetValue(customerId, out var journal))
        {
            return Task.FromResult<IReadOnlyList<ActivityEntry>>([]);
        }

        lock (journal.Gate)
        {
            // Sequence n sits at index n - 1.
            var start = (int)Math.Clamp(afterSequence, 0, journal.Entries.Count);
            var count = Math.Min(limit, journal.Entries.Count - start);
            return Task.FromResult<IReadOnlyList<ActivityEntry>>(journal.Entries.GetRange(start, count));
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<CustomerMetrics>> ListMetricsAsync(CustomerId? after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var ids = SortedIds();
        var start = 0;
        if (after is { } a)
        {
            var index = Array.BinarySearch(ids, a);
            start = index >= 0 ? index + 1 : ~index;
        }

        var page = new List<CustomerMetrics>(Math.Min(limit, Math.Max(0, ids.Length - start)));
        for (var i = start; i < ids.Length && page.Count < limit; i++)
        {
            var metrics = _journals[ids[i]].Metrics;
            if (metrics.Version > 0)
            {
                page.Add(metrics);
            }
        }

        return Task.FromResult<IReadOnlyList<CustomerMetrics>>(page);
    }

    private CustomerId[] SortedIds()
    {
        // Sorting is paid once per new customer count, not once per page, so streaming a population stays linear.
        lock (_sortedGate)
        {
            if (_sortedCount != _journals.Count)
            {
                _sortedIds = [.. _journals.Keys];
                Array.Sort(_sortedIds);
                _sortedCount = _sortedIds.Length;
            }

            return _sortedIds;
        }
    }

    private ConcurrentDictionary<string, ActivityEntry> Index(ActivityKind kind) => kind switch
    {
        ActivityKind.Purchase => _purchases,
        ActivityKind.Refund => _refunds,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "An activity entry is a purchase or a refund."),
    };

    private AppendActivityResult Existing(ActivityEntry existing) =>
        new(false, existing, _journals[existing.CustomerId].Metrics);

    private sealed class Journal(CustomerMetrics metrics)
    {
        public Lock Gate { get; } = new();

        public List<ActivityEntry> Entries { get; } = [];

        public Dictionary<string, List<ActivityEntry>> RefundsByPurchase { get; } = new(StringComparer.Ordinal);

        public CustomerMetrics Metrics { get; set; } = metrics;
    }
}
