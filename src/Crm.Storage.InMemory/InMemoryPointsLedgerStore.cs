using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Crm.Points;
using NodaTime;

namespace Crm.Storage.InMemory;

/// <summary>An in-memory <see cref="IPointsLedgerStore"/>: one lock per customer.</summary>
/// <remarks>
/// <para>A write appends its entries and new lots as rows of store-wide logs, changes lots in place and updates the
/// customer's account values, so it costs O(entries + lots of the write), however long the ledger is. Write keys and lot
/// ids share one map per customer (an earn's lot id is its write key, so an earn adds one slot, not two).</para>
/// <para>Why rows rather than the records the manager passes in: a store keeps everything for as long as the process
/// runs. Each new object kept by an older one costs every young garbage collection a scan of the older object's
/// memory, and the object itself is copied twice (to generation 1, then 2); with a points ledger on the purchase path
/// that cost more than all its other work. So entries and lots are value rows of large chunks, and keys, reasons and
/// operator ids are bytes of a <see cref="TextLog"/>: a write stores no object references at all. Reads build new
/// <see cref="PointsEntry"/>, <see cref="PointsLot"/> and <see cref="PointsAccount"/> records from the rows.</para>
/// </remarks>
/// <threadsafety>Safe to use from many threads at once.</threadsafety>
public sealed class InMemoryPointsLedgerStore : IPointsLedgerStore
{
    private readonly ConcurrentDictionary<CustomerId, Ledger> _ledgers = new();
    private readonly ChunkedLog<EntryRow> _entries = new();
    private readonly ChunkedLog<LotRow> _lots = new();
    private readonly TextLog _text = new();

    /// <inheritdoc />
    public Task<PointsAccount?> FindAsync(CustomerId customerId, bool includeLots, CancellationToken cancellationToken = default)
    {
        if (!_ledgers.TryGetValue(customerId, out var ledger))
        {
            return Task.FromResult<PointsAccount?>(null);
        }

        lock (ledger.Gate)
        {
            if (ledger.Version == 0 || !includeLots)
            {
                return Task.FromResult(ledger.ToAccount(customerId, []));
            }

            var open = new List<PointsLot>();
            foreach (var slot in ledger.Slots.Values)
            {
                if (!slot.Lot.IsNone && _lots.Row(slot.Lot).Remaining > 0)
                {
                    open.Add(ToLot(_lots.Row(slot.Lot)));
                }
            }

            open.Sort(static (a, b) => a.EarnedAt != b.EarnedAt ? a.EarnedAt.CompareTo(b.EarnedAt) : string.CompareOrdinal(a.LotId, b.LotId));
            return Task.FromResult(ledger.ToAccount(customerId, open));
        }
    }

    /// <inheritdoc />
    public Task<PointsLot?> FindLotAsync(CustomerId customerId, string lotId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lotId);
        if (!_ledgers.TryGetValue(customerId, out var ledger))
        {
            return Task.FromResult<PointsLot?>(null);
        }

        lock (ledger.Gate)
        {
            return Task.FromResult(ledger.FindSlot(lotId, out var slot) && !slot.Lot.IsNone ? ToLot(_lots.Row(slot.Lot)) : null);
        }
    }

    /// <inheritdoc />
    public Task<PointsAppendResult> AppendAsync(CustomerId customerId, PointsWrite write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        ArgumentNullException.ThrowIfNull(write.Key, "write.Key");
        var count = write.Entries.Count;
        ArgumentOutOfRangeException.ThrowIfZero(count, "write.Entries.Count");
        var ledger = _ledgers.GetOrAdd(customerId, static (_, text) => new Ledger(text), _text);
        lock (ledger.Gate)
        {
            ref var slot = ref ledger.FindSlot(write.Key);
            if (!Unsafe.IsNullRef(ref slot) && slot.Count > 0)
            {
                return Task.FromResult(new PointsAppendResult(false, ReadWrite(customerId, slot)));
            }

            var actual = ledger.Version;
            if (actual != write.ExpectedVersion)
            {
                throw new CrmConcurrencyException($"points ledger of customer {customerId}", write.ExpectedVersion, actual);
            }

            var key = _text.Add(write.Key);
            var start = _entries.Reserve(count, out var rows);
            var previous = ledger.Newest;
            for (var i = 0; i < count; i++)
            {
                var entry = write.Entries[i];
                rows[i] = new EntryRow
                {
                    Key = string.Equals(entry.Key, write.Key, StringComparison.Ordinal) ? key : _text.Add(entry.Key),
                    Reason = _text.Add(entry.Reason),
                    OperatorId = _text.Add(entry.OperatorId),
                    Sequence = entry.Sequence,
                    Points = entry.Points.Value,
                    OccurredAt = entry.OccurredAt,
                    EarnedAt = entry.EarnedAt,
                    Previous = previous,
                    Kind = entry.Kind,
                };
                previous = start with { Offset = start.Offset + i };
            }

            ledger.Newest = previous;
            if (Unsafe.IsNullRef(ref slot))
            {
                slot = ref ledger.SlotOrAdd(key);
            }

            slot.Start = start;
            slot.Count = count;
            for (var i = 0; i < write.Lots.Count; i++)
            {
                // An earn's lot id is its write key: its slot and its text are the write's (and the slot reference
                // stays valid until the map grows, so the first lot needs no second look-up).
                var lot = write.Lots[i];
                var isKey = string.Equals(lot.LotId, write.Key, StringComparison.Ordinal);
                ref var lotSlot = ref isKey && i == 0 ? ref slot : ref ledger.FindSlot(lot.LotId);
                if (!Unsafe.IsNullRef(ref lotSlot) && !lotSlot.Lot.IsNone)
                {
                    ref var row = ref _lots.Row(lotSlot.Lot);
                    row = ToRow(lot, row.LotId);
                    continue;
                }

                var lotId = isKey ? key : _text.Add(lot.LotId);
                if (Unsafe.IsNullRef(ref lotSlot))
                {
                    lotSlot = ref ledger.SlotOrAdd(lotId);
                }

                lotSlot.Lot = _lots.Reserve(1, out var lotRow);
                lotRow[0] = ToRow(lot, lotId);
            }

            var account = write.Account;
            ledger.Version = actual + 1;
            ledger.EntryCount = account.EntryCount;
            ledger.Balance = account.Balance.Value;
            ledger.LotPoints = account.LotPoints.Value;
            ledger.Debt = account.Debt.Value;
            ledger.Counters = account.Counters;
            return Task.FromResult(new PointsAppendResult(true, write.Entries));
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<PointsEntry>> FindWriteAsync(CustomerId customerId, string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!_ledgers.TryGetValue(customerId, out var ledger))
        {
            return Task.FromResult<IReadOnlyList<PointsEntry>>([]);
        }

        lock (ledger.Gate)
        {
            return Task.FromResult<IReadOnlyList<PointsEntry>>(ledger.FindSlot(key, out var slot) && slot.Count > 0 ? ReadWrite(customerId, slot) : []);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<PointsEntry>> GetEntriesAsync(CustomerId customerId, long? beforeSequence, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        if (!_ledgers.TryGetValue(customerId, out var ledger))
        {
            return Task.FromResult<IReadOnlyList<PointsEntry>>([]);
        }

        lock (ledger.Gate)
        {
            var page = new List<PointsEntry>();
            for (var at = ledger.Newest; !at.IsNone && page.Count < limit;)
            {
                ref var row = ref _entries.Row(at);
                if (beforeSequence is not { } before || row.Sequence < before)
                {
                    page.Add(ToEntry(customerId, row));
                }

                at = row.Previous;
            }

            return Task.FromResult<IReadOnlyList<PointsEntry>>(page);
        }
    }

    /// <inheritdoc />
    public Task<PointAmount> GetEarnedAsync(CustomerId customerId, Instant from, Instant to, CancellationToken cancellationToken = default)
    {
        if (!_ledgers.TryGetValue(customerId, out var ledger))
        {
            return Task.FromResult(PointAmount.Zero);
        }

        lock (ledger.Gate)
        {
            var sum = 0L;
            for (var at = ledger.Newest; !at.IsNone;)
            {
                ref var row = ref _entries.Row(at);
                if (row.Kind is PointsEntryKind.Earn or PointsEntryKind.EventAward or PointsEntryKind.Reversal && row.EarnedAt >= from && row.EarnedAt < to)
                {
                    sum += row.Points;
                }

                at = row.Previous;
            }

            return Task.FromResult(new PointAmount(sum));
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<CustomerId>> ListExpiringAsync(Instant asOf, CustomerId? after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var ids = new List<CustomerId>();
        foreach (var (id, ledger) in _ledgers)
        {
            if (after is { } a && id.CompareTo(a) <= 0)
            {
                continue;
            }

            lock (ledger.Gate)
            {
                foreach (var slot in ledger.Slots.Values)
                {
                    if (!slot.Lot.IsNone && _lots.Row(slot.Lot) is { Remaining: > 0, Expires: true } lot && lot.ExpiresAt <= asOf)
                    {
                        ids.Add(id);
                        break;
                    }
                }
            }
        }

        ids.Sort();
        return Task.FromResult<IReadOnlyList<CustomerId>>(ids.Count > limit ? ids.GetRange(0, limit) : ids);
    }

    /// <inheritdoc />
    public Task<PointAmount> GetOutstandingAsync(CancellationToken cancellationToken = default)
    {
        var sum = 0L;
        foreach (var ledger in _ledgers.Values)
        {
            lock (ledger.Gate)
            {
                if (ledger.Balance > 0)
                {
                    sum += ledger.Balance;
                }
            }
        }

        return Task.FromResult(new PointAmount(sum));
    }

    private static LotRow ToRow(PointsLot lot, TextRef lotId) => new()
    {
        LotId = lotId,
        EarnedAt = lot.EarnedAt,
        AvailableAt = lot.AvailableAt,
        ExpiresAt = lot.ExpiresAt.GetValueOrDefault(),
        Expires = lot.ExpiresAt.HasValue,
        Points = lot.Points.Value,
        Remaining = lot.Remaining.Value,
        Expired = lot.Expired.Value,
        Reversed = lot.Reversed.Value,
        Awarded = lot.Awarded.Value,
        RefundedMinorUnits = lot.RefundedMinorUnits,
    };

    private PointsLot ToLot(in LotRow row) => new()
    {
        LotId = _text.Get(row.LotId)!,
        EarnedAt = row.EarnedAt,
        AvailableAt = row.AvailableAt,
        ExpiresAt = row.Expires ? row.ExpiresAt : null,
        Points = new PointAmount(row.Points),
        Remaining = new PointAmount(row.Remaining),
        Expired = new PointAmount(row.Expired),
        Reversed = new PointAmount(row.Reversed),
        Awarded = new PointAmount(row.Awarded),
        RefundedMinorUnits = row.RefundedMinorUnits,
    };

    private PointsEntry[] ReadWrite(CustomerId customerId, Slot slot)
    {
        var rows = _entries.Rows(slot.Start, slot.Count);
        var entries = new PointsEntry[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            entries[i] = ToEntry(customerId, rows[i]);
        }

        return entries;
    }

    private PointsEntry ToEntry(CustomerId customerId, in EntryRow row) => new()
    {
        CustomerId = customerId,
        Sequence = row.Sequence,
        Key = _text.Get(row.Key)!,
        Kind = row.Kind,
        Points = new PointAmount(row.Points),
        OccurredAt = row.OccurredAt,
        EarnedAt = row.EarnedAt,
        Reason = _text.Get(row.Reason)!,
        OperatorId = _text.Get(row.OperatorId),
    };

    private sealed class Ledger(TextLog keys)
    {
        private static readonly IReadOnlyDictionary<string, long> NoCounters = new Dictionary<string, long>();

        public Lock Gate { get; } = new();

        /// <summary>Gets or sets the account's version; 0 while nothing was written. The account is kept as values, not as the writer's record (see the remarks on the store).</summary>
        public long Version { get; set; }

        public long EntryCount { get; set; }

        public long Balance { get; set; }

        public long LotPoints { get; set; }

        public long Debt { get; set; }

        public IReadOnlyDictionary<string, long> Counters { get; set; } = NoCounters;

        /// <summary>Gets or sets the customer's newest entry; each entry row links to the one before.</summary>
        public RowRef Newest { get; set; } = RowRef.None;

        /// <summary>Gets the write keys and lot ids: a write's entries are the <c>Count</c> rows from <c>Start</c> (Count 0: no write by that key); <c>Lot</c> is the row of the lot by that id, if any.</summary>
        public Dictionary<TextRef, Slot> Slots { get; } = new(keys);

        public PointsAccount? ToAccount(CustomerId customerId, IReadOnlyList<PointsLot> lots) => Version == 0 ? null : new()
        {
            CustomerId = customerId,
            Version = Version,
            EntryCount = EntryCount,
            Balance = new PointAmount(Balance),
            LotPoints = new PointAmount(LotPoints),
            Debt = new PointAmount(Debt),
            Counters = Counters,
            Lots = lots,
        };

        public bool FindSlot(string key, out Slot slot) => Slots.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(key, out slot);

        /// <summary>Finds the slot of a key, or returns a null reference.</summary>
        public ref Slot FindSlot(string key) => ref CollectionsMarshal.GetValueRefOrNullRef(Slots.GetAlternateLookup<ReadOnlySpan<char>>(), key);

        /// <summary>Finds the slot of a key already in the text log, or adds an empty one.</summary>
        public ref Slot SlotOrAdd(TextRef key)
        {
            ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(Slots, key, out var exists);
            if (!exists)
            {
                slot = new Slot { Start = RowRef.None, Lot = RowRef.None };
            }

            return ref slot;
        }
    }

    private struct Slot
    {
        public RowRef Start;
        public int Count;
        public RowRef Lot;
    }

    [StructLayout(LayoutKind.Auto)]
    private struct EntryRow
    {
        public TextRef Key;
        public TextRef Reason;
        public TextRef OperatorId;
        public long Sequence;
        public long Points;
        public Instant OccurredAt;
        public Instant EarnedAt;
        public RowRef Previous;
        public PointsEntryKind Kind;
    }

    [StructLayout(LayoutKind.Auto)]
    private struct LotRow
    {
        public TextRef LotId;
        public Instant EarnedAt;
        public Instant AvailableAt;
        public Instant ExpiresAt;
        public bool Expires;
        public long Points;
        public long Remaining;
        public long Expired;
        public long Reversed;
        public long Awarded;
        public long RefundedMinorUnits;
    }
}
