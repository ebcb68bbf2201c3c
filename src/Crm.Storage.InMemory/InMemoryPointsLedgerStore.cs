using System.Collections.Concurrent;
using Crm.Points;
using NodaTime;

namespace Crm.Storage.InMemory;

/// <summary>An in-memory <see cref="IPointsLedgerStore"/>: one lock per customer.</summary>
/// <remarks>
/// A write appends to the customer's entry list, upserts its lots and replaces the immutable account record, so it costs
/// O(entries + lots of the write), however long the ledger is; reading the account without lots copies nothing.
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
            foreach (var lot in ledger.Lots.Values)
            {
                if (lot.Remaining.Value > 0)
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
            return Task.FromResult(ledger.Lots.GetValueOrDefault(lotId));
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
            if (ledger.Writes.TryGetValue(write.Key, out var range))
            {
                return Task.FromResult(new PointsAppendResult(false, ledger.Entries.GetRange(range.Start, range.Count)));
            }

            var actual = ledger.Account?.Version ?? 0;
            if (actual != write.ExpectedVersion)
            {
                throw new CrmConcurrencyException($"points ledger of customer {customerId}", write.ExpectedVersion, actual);
            }

            ledger.Writes.Add(write.Key, (ledger.Entries.Count, write.Entries.Count));
            ledger.Entries.AddRange(write.Entries);
            foreach (var lot in write.Lots)
            {
                ledger.Lots[lot.LotId] = lot;
            }

            ledger.Account = write.Account with { CustomerId = customerId, Version = actual + 1, Lots = [] };
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
            return Task.FromResult<IReadOnlyList<PointsEntry>>(ledger.Writes.TryGetValue(key, out var range) ? ledger.Entries.GetRange(range.Start, range.Count) : []);
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
                foreach (var lot in ledger.Lots.Values)
                {
                    if (lot.Remaining.Value > 0 && lot.ExpiresAt is { } expires && expires <= asOf)
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

        public Dictionary<string, (int Start, int Count)> Writes { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, PointsLot> Lots { get; } = new(StringComparer.Ordinal);
    }
}
