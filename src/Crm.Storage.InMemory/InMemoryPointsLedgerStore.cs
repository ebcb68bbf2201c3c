using Crm.Points;
using NodaTime;

namespace Crm.Storage.InMemory;

/// <summary>An in-memory <see cref="IPointsLedgerStore"/>: each customer's account, entries, entries by write key, and lots by id.</summary>
/// <threadsafety>Safe to use from many threads at once.</threadsafety>
public sealed class InMemoryPointsLedgerStore : IPointsLedgerStore
{
    private readonly InMemoryDatabase _database;
    private readonly InMemoryUnitOfWork? _unit;

    /// <summary>Initializes a new instance of the <see cref="InMemoryPointsLedgerStore"/> class, whose writes apply at once.</summary>
    /// <param name="database">The database whose data the store reads and writes.</param>
    public InMemoryPointsLedgerStore(InMemoryDatabase database)
        : this(database, null)
    {
    }

    internal InMemoryPointsLedgerStore(InMemoryDatabase database, InMemoryUnitOfWork? unit)
    {
        _database = Internal.Guard.NotNull(database);
        _unit = unit;
    }

    private Dictionary<CustomerId, Ledger> Ledgers => _database.Points.Ledgers;

    /// <inheritdoc />
    public Task<PointsAccount?> FindAsync(CustomerId customerId, bool includeLots, CancellationToken cancellationToken = default) =>
        _database.ReadAsync(
            () => Ledgers.TryGetValue(customerId, out var ledger)
                ? ledger.Account with
                {
                    Lots = includeLots
                        ? [.. ledger.Lots.Values.Where(l => l.Remaining.Value > 0).OrderBy(l => l.EarnedAt).ThenBy(l => l.LotId, StringComparer.Ordinal)]
                        : [],
                }
                : null,
            cancellationToken);

    /// <inheritdoc />
    public Task<PointsLot?> FindLotAsync(CustomerId customerId, string lotId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lotId);
        return _database.ReadAsync(() => Ledgers.GetValueOrDefault(customerId)?.Lots.GetValueOrDefault(lotId), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<PointsAppendResult> AppendAsync(CustomerId customerId, PointsWrite write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        ArgumentNullException.ThrowIfNull(write.Key, "write.Key");
        ArgumentOutOfRangeException.ThrowIfZero(write.Entries.Count, "write.Entries.Count");
        IReadOnlyList<PointsEntry> entries = [.. write.Entries];
        IReadOnlyList<PointsLot> lots = [.. write.Lots];
        var account = write.Account with { CustomerId = customerId, Version = write.ExpectedVersion + 1, Lots = [] };
        IReadOnlyList<PointsEntry>? earlier = null;
        await _database.WriteAsync(
            _unit,
            () =>
            {
                var ledger = Ledgers.GetValueOrDefault(customerId);
                if (ledger is not null && ledger.Writes.TryGetValue(write.Key, out var found))
                {
                    // Outside a unit the key's first write is the answer; in a unit the commit finds it and fails.
                    earlier = found;
                    return _unit is null ? () => { } : throw new CrmConcurrencyException($"points write '{write.Key}' of customer {customerId}", write.ExpectedVersion, ledger.Account.Version);
                }

                var actual = ledger?.Account.Version ?? 0;
                if (actual != write.ExpectedVersion)
                {
                    throw new CrmConcurrencyException($"points ledger of customer {customerId}", write.ExpectedVersion, actual);
                }

                var isNew = ledger is null;
                ledger ??= Ledgers[customerId] = new Ledger(account);
                var previousAccount = ledger.Account;
                var previousLots = lots.Select(l => (l.LotId, Before: ledger.Lots.GetValueOrDefault(l.LotId))).ToList();
                ledger.Account = account;
                ledger.Entries.AddRange(entries);
                ledger.Writes.Add(write.Key, entries);
                foreach (var lot in lots)
                {
                    ledger.Lots[lot.LotId] = lot;
                }

                return () =>
                {
                    if (isNew)
                    {
                        Ledgers.Remove(customerId);
                        return;
                    }

                    ledger.Account = previousAccount;
                    ledger.Entries.RemoveRange(ledger.Entries.Count - entries.Count, entries.Count);
                    ledger.Writes.Remove(write.Key);
                    foreach (var (lotId, before) in previousLots)
                    {
                        if (before is null)
                        {
                            ledger.Lots.Remove(lotId);
                        }
                        else
                        {
                            ledger.Lots[lotId] = before;
                        }
                    }
                };
            },
            cancellationToken).ConfigureAwait(false);
        return earlier is null ? new PointsAppendResult(false, entries) : new PointsAppendResult(true, earlier);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<PointsEntry>> FindWriteAsync(CustomerId customerId, string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _database.ReadAsync(() => Ledgers.GetValueOrDefault(customerId)?.Writes.GetValueOrDefault(key) ?? [], cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<PointsEntry>> GetEntriesAsync(CustomerId customerId, long? beforeSequence, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return _database.ReadAsync<IReadOnlyList<PointsEntry>>(
            () => [.. (Ledgers.GetValueOrDefault(customerId)?.Entries ?? [])
                .Where(e => beforeSequence is not { } before || e.Sequence < before)
                .OrderByDescending(e => e.Sequence)
                .Take(limit)],
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<PointAmount> GetEarnedAsync(CustomerId customerId, Instant from, Instant to, CancellationToken cancellationToken = default) =>
        _database.ReadAsync(
            () => new PointAmount((Ledgers.GetValueOrDefault(customerId)?.Entries ?? [])
                .Where(e => e.Kind is PointsEntryKind.Earn or PointsEntryKind.EventAward or PointsEntryKind.Reversal && e.EarnedAt >= from && e.EarnedAt <= to)
                .Sum(e => e.Points.Value)),
            cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<CustomerId>> ListExpiringAsync(Instant asOf, CustomerId? after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return _database.ReadAsync<IReadOnlyList<CustomerId>>(
            () => [.. Ledgers
                .Where(pair => (after is not { } a || pair.Key.CompareTo(a) > 0)
                    && pair.Value.Lots.Values.Any(l => l.Remaining.Value > 0 && l.ExpiresAt is { } expires && expires <= asOf))
                .Select(pair => pair.Key)
                .Order()
                .Take(limit)],
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<PointAmount> GetOutstandingAsync(CancellationToken cancellationToken = default) =>
        _database.ReadAsync(() => new PointAmount(Ledgers.Values.Sum(l => Math.Max(0, l.Account.Balance.Value))), cancellationToken);

    /// <inheritdoc />
    public async Task<int> EraseCustomerTextAsync(CustomerId customerId, Instant erasedAt, CancellationToken cancellationToken = default)
    {
        var erased = 0;
        await _database.WriteAsync(
            _unit,
            () =>
            {
                if (!Ledgers.TryGetValue(customerId, out var ledger))
                {
                    return () => { };
                }

                var entriesBefore = ledger.Entries.ToList();
                var writesBefore = new Dictionary<string, IReadOnlyList<PointsEntry>>(ledger.Writes, StringComparer.Ordinal);
                var changedKeys = new HashSet<string>(StringComparer.Ordinal);
                for (var i = 0; i < ledger.Entries.Count; i++)
                {
                    var entry = ledger.Entries[i];
                    if (entry.Kind is PointsEntryKind.Adjustment or PointsEntryKind.Redemption && entry.ReasonErasedAt is null)
                    {
                        ledger.Entries[i] = entry with { Reason = PointsEntry.ErasedReason, ReasonErasedAt = erasedAt };
                        changedKeys.Add(entry.Key);
                        erased++;
                    }
                }

                // The entries by write key are the same records: the key's replay must see the erased reason too.
                foreach (var key in changedKeys)
                {
                    ledger.Writes[key] = [.. ledger.Entries.Where(e => string.Equals(e.Key, key, StringComparison.Ordinal)).OrderBy(e => e.Sequence)];
                }

                return () =>
                {
                    ledger.Entries.Clear();
                    ledger.Entries.AddRange(entriesBefore);
                    foreach (var key in changedKeys)
                    {
                        ledger.Writes[key] = writesBefore[key];
                    }
                };
            },
            cancellationToken).ConfigureAwait(false);
        return erased;
    }

    /// <summary>The points data of a database.</summary>
    internal sealed class Data
    {
        public Dictionary<CustomerId, Ledger> Ledgers { get; } = [];
    }

    /// <summary>A customer's ledger.</summary>
    internal sealed class Ledger(PointsAccount account)
    {
        public PointsAccount Account { get; set; } = account;

        public List<PointsEntry> Entries { get; } = [];

        public Dictionary<string, IReadOnlyList<PointsEntry>> Writes { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, PointsLot> Lots { get; } = new(StringComparer.Ordinal);
    }
}
