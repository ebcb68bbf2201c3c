using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Crm.Points;
using NodaTime;

namespace Crm.Storage.InMemory;

/// <summary>An in-memory <see cref="IPointsLedgerStore"/>: one lock per customer.</summary>
/// <remarks>
/// A write appends to the customer's entry list, upserts its lots and replaces the immutable account record, so it costs
/// O(entries + lots of the write), however long the ledger is; reading the account without lots copies nothing. Write
/// keys and lot ids share one map per customer (an earn's lot id is its write key, so an earn adds one slot, not two).
/// </remarks>
/// <threadsafety>Safe to use from many threads at once.</threadsafety>
public sealed class InMemoryPointsLedgerStore : IPointsLedgerStore
{
    private readonly ConcurrentDictionary<CustomerId, Ledger> _ledgers = new();

    /// <inheritdoc />
    public Task<PointsAccount?> FindAsync(CustomerId customerId, bool includeLots, CancellationToken cancellationToken = default)
    {
        if (!_ledgers.TryGetValue(customerId, out var ledger))
        {
            return Task.FromResult<PointsAccount?>(null);
        }

        lock (ledger.Gate)
        {
            if (ledger.Account is not { } account || !includeLots)
            {
                return Task.FromResult(ledger.Account);
            }

            var open = new List<PointsLot>();
            foreach (var slot in ledger.Slots.Values)
            {
                if (slot.Lot is { Remaining.Value: > 0 } lot)
                {
                    open.Add(lot);
                }
            }

            open.Sort(static (a, b) => a.EarnedAt != b.EarnedAt ? a.EarnedAt.CompareTo(b.EarnedAt) : string.CompareOrdinal(a.LotId, b.LotId));
            return Task.FromResult<PointsAccount?>(account with { Lots = open });
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
            return Task.FromResult(ledger.Slots.TryGetValue(lotId, out var slot) ? slot.Lot : null);
        }
    }

    /// <inheritdoc />
    public Task<PointsAppendResult> AppendAsync(CustomerId customerId, PointsWrite write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        ArgumentOutOfRangeException.ThrowIfZero(write.Entries.Count, "write.Entries.Count");
        var ledger = _ledgers.GetOrAdd(customerId, static _ => new Ledger());
        lock (ledger.Gate)
        {
            if (ledger.Slots.TryGetValue(write.Key, out var written) && written.Count > 0)
            {
                return Task.FromResult(new PointsAppendResult(false, ledger.Entries.GetRange(written.Start, written.Count)));
            }

            var actual = ledger.Account?.Version ?? 0;
            if (actual != write.ExpectedVersion)
            {
                throw new CrmConcurrencyException($"points ledger of customer {customerId}", write.ExpectedVersion, actual);
            }

            ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(ledger.Slots, write.Key, out _);
            slot.Start = ledger.Entries.Count;
            slot.Count = write.Entries.Count;
            ledger.Entries.AddRange(write.Entries);
            for (var i = 0; i < write.Lots.Count; i++)
            {
                var lot = write.Lots[i];
                CollectionsMarshal.GetValueRefOrAddDefault(ledger.Slots, lot.LotId, out _).Lot = lot;
            }

            // The manager already sets the next version; reuse its record then (one allocation less per write).
            var account = write.Account;
            ledger.Account = account.Version == actual + 1 && account.Lots.Count == 0 && account.CustomerId == customerId
                ? account
                : account with { CustomerId = customerId, Version = actual + 1, Lots = [] };
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
            return Task.FromResult<IReadOnlyList<PointsEntry>>(ledger.Slots.TryGetValue(key, out var slot) && slot.Count > 0 ? ledger.Entries.GetRange(slot.Start, slot.Count) : []);
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
            var page = new List<PointsEntry>(Math.Min(limit, ledger.Entries.Count));
            for (var i = ledger.Entries.Count - 1; i >= 0 && page.Count < limit; i--)
            {
                var entry = ledger.Entries[i];
                if (beforeSequence is not { } before || entry.Sequence < before)
                {
                    page.Add(entry);
                }
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
            foreach (var entry in ledger.Entries)
            {
                if (entry.Kind is PointsEntryKind.Earn or PointsEntryKind.EventAward or PointsEntryKind.Reversal && entry.EarnedAt >= from && entry.EarnedAt < to)
                {
                    sum += entry.Points.Value;
                }
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
                    if (slot.Lot is { Remaining.Value: > 0, ExpiresAt: { } expires } && expires <= asOf)
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
                if (ledger.Account is { Balance.Value: > 0 } account)
                {
                    sum += account.Balance.Value;
                }
            }
        }

        return Task.FromResult(new PointAmount(sum));
    }

    private sealed class Ledger
    {
        public object Gate { get; } = new();

        public PointsAccount? Account { get; set; }

        public List<PointsEntry> Entries { get; } = [];

        /// <summary>Gets the write keys and lot ids: a write's entries are <c>Entries[Start..Start + Count)</c> (Count 0: no write by that key); Lot is the lot by that id, if any.</summary>
        public Dictionary<string, Slot> Slots { get; } = new(StringComparer.Ordinal);
    }

    private struct Slot
    {
        public int Start;
        public int Count;
        public PointsLot? Lot;
    }
}
