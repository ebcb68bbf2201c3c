using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using NodaTime;

namespace Crm.Storage.InMemory;

/// <summary>An in-memory <see cref="IActivityStore"/>: one lock per customer, a store-wide index of purchase ids and one of refund ids.</summary>
/// <remarks>
/// <para>Entries and their lines are kept as value rows of store-wide logs: ids as bytes of a <see cref="TextLog"/>; store ids,
/// SKUs, categories and currencies as numbers of intern tables; the customer as the number of its journal. Reads build
/// new <see cref="ActivityEntry"/> records from the rows. Each customer's metrics are kept in place by a
/// <see cref="CustomerMetricsBuilder"/>; reads and appends return snapshots of it.</para>
/// <para>Why rows rather than the records the manager passes in: a store keeps everything for as long as the process
/// runs, and every object kept is copied by the garbage collector twice (to generation 1, then 2) after its writer
/// published it in an older object, which each young collection must then scan. Keeping the entries, their lines and
/// the index nodes as objects cost the purchase path twice all its other work; rows of large chunks hold no references
/// and are never copied (see <see cref="InMemoryPointsLedgerStore"/>, which keeps its ledger the same way).</para>
/// </remarks>
/// <threadsafety>Safe to use from many threads at once.</threadsafety>
public sealed class InMemoryActivityStore : IActivityStore
{
    private readonly ConcurrentDictionary<CustomerId, Journal> _journals = new();
    private readonly NumberedList<Journal> _numberedJournals = new();
    private readonly ChunkedLog<EntryRow> _entries = new();
    private readonly ChunkedLog<LineRow> _lines = new();
    private readonly TextLog _text = new();
    private readonly InternTable<string> _names = new(StringComparer.Ordinal);
    private readonly InternTable<Currency> _currencies = new(EqualityComparer<Currency>.Default);
    private readonly IdIndex _purchases;
    private readonly IdIndex _refunds;
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
        _purchases = new IdIndex(_text);
        _refunds = new IdIndex(_text);
    }

    /// <inheritdoc />
    public Task<AppendActivityResult> AppendAsync(ActivityEntry entry, long? expectedVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(entry.Id, "entry.Id");
        ArgumentNullException.ThrowIfNull(entry.PurchaseId, "entry.PurchaseId");
        var index = Index(entry.Kind);
        var journal = _journals.GetOrAdd(entry.CustomerId, static (id, store) => store.NewJournal(id), this);
        RowRef existing;
        lock (journal.Gate)
        {
            if (!index.TryGet(entry.Id, out existing))
            {
                var version = journal.Metrics.Version;
                if (expectedVersion is { } expected && expected != version)
                {
                    throw new CrmConcurrencyException($"activity of customer {entry.CustomerId}", expected, version);
                }

                // Everything that can throw (copying the entry, then the metrics, which refuse an entry before they
                // change) runs before the entry is published. Readers of the metrics wait for this lock.
                var stored = entry with { Sequence = version + 1 };
                var isRefund = stored.Kind == ActivityKind.Refund;
                var row = Keep(stored, journal.Number, isRefund ? journal.FindLatestRefund(stored.PurchaseId) : RowRef.None);
                journal.Metrics.Apply(stored);

                // The key index is shared by all customers; claiming it here settles a race with the same id for another customer.
                if (index.TryAdd(entry.Id, _entries.Row(row).Id, row))
                {
                    journal.Entries.Add(row);
                    if (isRefund)
                    {
                        journal.SetLatestRefund(_entries.Row(row).PurchaseId, row);
                    }

                    return Task.FromResult(new AppendActivityResult(true, stored, journal.Metrics.ToMetrics()));
                }

                // Another customer's append took the id first: this entry is not kept, so neither are its metrics.
                journal.Metrics = Recompute(journal);
                index.TryGet(entry.Id, out existing);
            }
        }

        // Outside this journal's lock: the entry may belong to another customer, whose lock Existing takes.
        return Task.FromResult(Existing(existing));
    }

    /// <inheritdoc />
    public Task<CustomerMetrics?> GetMetricsAsync(CustomerId customerId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_journals.TryGetValue(customerId, out var journal) ? Snapshot(journal) : null);

    /// <inheritdoc />
    public Task<ActivityEntry?> FindEntryAsync(ActivityKind kind, string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        return Task.FromResult(Index(kind).TryGet(id, out var row) ? ToEntry(_entries.Row(row)) : null);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ActivityEntry>> GetRefundsOfPurchaseAsync(string purchaseId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(purchaseId);
        if (!_purchases.TryGet(purchaseId, out var purchase))
        {
            return Task.FromResult<IReadOnlyList<ActivityEntry>>([]);
        }

        var journal = _numberedJournals.Get(_entries.Row(purchase).Customer);
        RowRef latest;
        lock (journal.Gate)
        {
            latest = journal.FindLatestRefund(purchaseId);
        }

        // Published rows never change: the chain is read, and the records built, without holding the customer's lock.
        var refunds = new List<ActivityEntry>();
        for (var at = latest; !at.IsNone; at = _entries.Row(at).PreviousRefund)
        {
            refunds.Add(ToEntry(_entries.Row(at)));
        }

        refunds.Reverse();
        return Task.FromResult<IReadOnlyList<ActivityEntry>>(refunds);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ActivityEntry>> GetEntriesAsync(CustomerId customerId, long afterSequence, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        if (!_journals.TryGetValue(customerId, out var journal))
        {
            return Task.FromResult<IReadOnlyList<ActivityEntry>>([]);
        }

        RowRef[] rows;
        lock (journal.Gate)
        {
            // Sequence n sits at index n - 1.
            var start = (int)Math.Clamp(afterSequence, 0, journal.Entries.Count);
            rows = CollectionsMarshal.AsSpan(journal.Entries).Slice(start, Math.Min(limit, journal.Entries.Count - start)).ToArray();
        }

        // Published rows never change: the records are built without holding the customer's lock.
        var page = new ActivityEntry[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            page[i] = ToEntry(_entries.Row(rows[i]));
        }

        return Task.FromResult<IReadOnlyList<ActivityEntry>>(page);
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
            if (Snapshot(_journals[ids[i]]) is { } metrics)
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

    private Journal NewJournal(CustomerId customerId)
    {
        // Under a race GetOrAdd may build two journals and keep one: the other keeps its number (and a few bytes) for the
        // store's lifetime, but its number is never written to a row.
        var journal = new Journal(_text, customerId, new CustomerMetricsBuilder(CustomerMetrics.Empty(customerId, _currency)));
        journal.Number = _numberedJournals.Add(journal);
        return journal;
    }

    private IdIndex Index(ActivityKind kind) => kind switch
    {
        ActivityKind.Purchase => _purchases,
        ActivityKind.Refund => _refunds,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "An activity entry is a purchase or a refund."),
    };

    private AppendActivityResult Existing(RowRef existing)
    {
        // The owner's lock: its append updates the metrics and publishes the entry under that lock, so the two agree.
        ref var row = ref _entries.Row(existing);
        var owner = _numberedJournals.Get(row.Customer);
        lock (owner.Gate)
        {
            return new(false, ToEntry(row), owner.Metrics.ToMetrics());
        }
    }

    /// <summary>Takes a snapshot of a customer's metrics, or <see langword="null"/> before its first entry.</summary>
    private static CustomerMetrics? Snapshot(Journal journal)
    {
        lock (journal.Gate)
        {
            return journal.Metrics.Version > 0 ? journal.Metrics.ToMetrics() : null;
        }
    }

    /// <summary>Computes a customer's metrics from its kept entries; the caller holds the customer's lock.</summary>
    private CustomerMetricsBuilder Recompute(Journal journal) =>
        new(CustomerMetrics.Recompute(journal.CustomerId, _currency, journal.Entries.Select(row => ToEntry(_entries.Row(row)))));

    /// <summary>Copies an entry and its lines into new rows; they are not published until their caller publishes the returned reference.</summary>
    private RowRef Keep(ActivityEntry entry, int customer, RowRef previousRefund)
    {
        var lineCount = entry.Lines.Count;
        var lines = RowRef.None;
        if (lineCount > 0)
        {
            lines = _lines.Reserve(lineCount, out var lineRows);
            for (var i = 0; i < lineCount; i++)
            {
                var line = entry.Lines[i];
                lineRows[i] = new LineRow
                {
                    LineId = _text.Add(line.LineId),
                    Sku = _names.Intern(line.Sku),
                    Category = _names.Intern(line.Category),
                    Quantity = line.Quantity,
                    Amount = line.Amount.Amount,
                    Currency = _currencies.Intern(line.Amount.Currency),
                };
            }
        }

        var id = _text.Add(entry.Id);
        var at = _entries.Reserve(1, out var rows);
        rows[0] = new EntryRow
        {
            Id = id,
            PurchaseId = string.Equals(entry.PurchaseId, entry.Id, StringComparison.Ordinal) ? id : _text.Add(entry.PurchaseId),
            OccurredAt = entry.OccurredAt,
            PurchasedAt = entry.PurchasedAt,
            RecordedAt = entry.RecordedAt,
            Amount = entry.Amount.Amount,
            Sequence = entry.Sequence,
            Lines = lines,
            PreviousRefund = previousRefund,
            LineCount = lineCount,
            Customer = customer,
            StoreId = _names.Intern(entry.StoreId),
            Currency = _currencies.Intern(entry.Amount.Currency),
            PurchaseMonth = entry.PurchaseMonth,
            Kind = entry.Kind,
            Channel = entry.Channel,
        };
        return at;
    }

    private ActivityEntry ToEntry(in EntryRow row)
    {
        var lines = new ActivityLine[row.LineCount];
        if (lines.Length > 0)
        {
            var lineRows = _lines.Rows(row.Lines, row.LineCount);
            for (var i = 0; i < lines.Length; i++)
            {
                ref var line = ref lineRows[i];
                lines[i] = new ActivityLine(
                    _text.Get(line.LineId)!,
                    _names.Get(line.Sku),
                    _names.Get(line.Category),
                    line.Quantity,
                    new Money(line.Amount, _currencies.Get(line.Currency)));
            }
        }

        var id = _text.Get(row.Id)!;
        return new ActivityEntry
        {
            Kind = row.Kind,
            Id = id,
            CustomerId = _numberedJournals.Get(row.Customer).CustomerId,
            PurchaseId = row.PurchaseId == row.Id ? id : _text.Get(row.PurchaseId)!,
            OccurredAt = row.OccurredAt,
            PurchasedAt = row.PurchasedAt,
            PurchaseMonth = row.PurchaseMonth,
            StoreId = _names.Get(row.StoreId),
            Channel = row.Channel,
            Amount = new Money(row.Amount, _currencies.Get(row.Currency)),
            Lines = lines,
            RecordedAt = row.RecordedAt,
            Sequence = row.Sequence,
        };
    }

    /// <summary>A store-wide map from ids to entry rows, split in shards with a lock each, so that appends and look-ups of different ids seldom wait for each other here (every append also takes the logs' short locks).</summary>
    private sealed class IdIndex
    {
        private const int ShardCount = 16;
        private readonly Shard[] _shards = new Shard[ShardCount];

        public IdIndex(TextLog text)
        {
            for (var i = 0; i < _shards.Length; i++)
            {
                _shards[i] = new Shard(text);
            }
        }

        public bool TryGet(string id, out RowRef row)
        {
            var hash = string.GetHashCode(id);
            var shard = _shards[(uint)hash % ShardCount];
            lock (shard.Gate)
            {
                return shard.Rows.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(id, out row);
            }
        }

        /// <summary>Claims an id for a row; false if another row has it.</summary>
        public bool TryAdd(string id, TextRef kept, RowRef row)
        {
            var shard = _shards[(uint)string.GetHashCode(id) % ShardCount];
            lock (shard.Gate)
            {
                return shard.Rows.TryAdd(kept, row);
            }
        }

        private sealed class Shard(TextLog text)
        {
            public Lock Gate { get; } = new();

            public Dictionary<TextRef, RowRef> Rows { get; } = new(text);
        }
    }

    private sealed class Journal(TextLog text, CustomerId customerId, CustomerMetricsBuilder metrics)
    {
        private Dictionary<TextRef, RowRef>? _latestRefunds;

        public Lock Gate { get; } = new();

        public CustomerId CustomerId { get; } = customerId;

        public int Number { get; set; }

        /// <summary>Gets the rows of the entries; sequence n sits at index n - 1.</summary>
        public List<RowRef> Entries { get; } = [];

        /// <summary>Gets or sets the customer's metrics, changed in place under <see cref="Gate"/>.</summary>
        public CustomerMetricsBuilder Metrics { get; set; } = metrics;

        /// <summary>Gets the newest refund of a purchase, whose row links to the refund before it.</summary>
        public RowRef FindLatestRefund(string purchaseId) =>
            _latestRefunds is not null && _latestRefunds.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(purchaseId, out var row) ? row : RowRef.None;

        public void SetLatestRefund(TextRef purchaseId, RowRef row)
        {
            _latestRefunds ??= new Dictionary<TextRef, RowRef>(text);
            _latestRefunds[purchaseId] = row;
        }
    }

    [StructLayout(LayoutKind.Auto)]
    private struct EntryRow
    {
        public TextRef Id;
        public TextRef PurchaseId;
        public Instant OccurredAt;
        public Instant PurchasedAt;
        public Instant RecordedAt;
        public decimal Amount;
        public long Sequence;
        public RowRef Lines;
        public RowRef PreviousRefund;
        public int LineCount;
        public int Customer;
        public int StoreId;
        public int Currency;
        public YearMonth PurchaseMonth;
        public ActivityKind Kind;
        public SalesChannel Channel;
    }

    [StructLayout(LayoutKind.Auto)]
    private struct LineRow
    {
        public TextRef LineId;
        public decimal Quantity;
        public decimal Amount;
        public int Sku;
        public int Category;
        public int Currency;
    }
}
