using System.Data.Common;
using System.Text.Json;
using Crm.Points;
using NodaTime;

namespace Crm.Storage.Relational.Stores;

/// <summary><see cref="IPointsLedgerStore"/> over the relational base: a versioned account per customer, the write keys, the entries and the lots.</summary>
/// <remarks>
/// A write is the key's row (<c>INSERT ... ON CONFLICT DO NOTHING</c>, which must insert: a used key fails it), the versioned
/// account (a moved version fails it), the entries and the lot upserts. Outside a unit of work a used key is answered with
/// the entries it wrote, as the contract says.
/// </remarks>
internal sealed class SqlPointsLedgerStore(RelationalDatabase database, RelationalUnitOfWork? unit) : RelationalStore(database, unit), IPointsLedgerStore, IPrefetcher
{
    private const string EntryColumns = "sequence, write_key, kind, points, occurred_at, earned_at, reason, operator_id";

    // New entries are never erased, so the insert leaves reason_erased_at NULL; reads take it after the others.
    private const string ReadEntryColumns = EntryColumns + ", reason_erased_at";
    private const string LotColumns = "lot_id, earned_at, available_at, expires_at, points, remaining, reversed, awarded, refunded_minor, expired";
    private const string AccountColumns = "customer_id, version, entry_count, balance, lot_points, debt, counters";
    private const string Table = "points-account";

    public async Task<PointsAccount?> FindAsync(CustomerId customerId, bool includeLots, CancellationToken cancellationToken = default)
    {
        PointsAccount? account;
        if (!includeLots && TryReadAhead<PointsAccount>(Table, customerId.Value, cancellationToken, out var known))
        {
            account = known;
        }
        else
        {
            await using var session = await SessionAsync(cancellationToken).ConfigureAwait(false);
            account = (await ReadAsync(session.Command($"SELECT {AccountColumns} FROM crm_points_accounts WHERE customer_id = @id", [("@id", customerId.Value)]), ReadAccount, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
            if (account is not null && includeLots)
            {
                // Read after the account: a write in between moves the version, so a write based on both fails.
                var lots = await ReadAsync(session.Command($"SELECT {LotColumns} FROM crm_points_lots WHERE customer_id = @id AND remaining > 0 ORDER BY earned_at, lot_id", [("@id", customerId.Value)]), ReadLot, cancellationToken).ConfigureAwait(false);
                account = account with { Lots = lots };
            }
        }

        return account;
    }

    public async Task<PointsLot?> FindLotAsync(CustomerId customerId, string lotId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lotId);
        await using var session = await SessionAsync(cancellationToken).ConfigureAwait(false);
        return (await ReadAsync(session.Command($"SELECT {LotColumns} FROM crm_points_lots WHERE customer_id = @id AND lot_id = @lot", [("@id", customerId.Value), ("@lot", lotId)]), ReadLot, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
    }

    public async Task<PointsAppendResult> AppendAsync(CustomerId customerId, PointsWrite write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        ArgumentNullException.ThrowIfNull(write.Key, "write.Key");
        ArgumentOutOfRangeException.ThrowIfZero(write.Entries.Count, "write.Entries.Count");
        var conflict = ($"points ledger of customer {customerId}", write.ExpectedVersion);
        var account = write.Account;
        var writes = new List<SqlWrite>(3 + write.Lots.Count)
        {
            new(
                "INSERT INTO crm_points_writes (customer_id, write_key) VALUES (@id, @key) ON CONFLICT (customer_id, write_key) DO NOTHING",
                [("@id", customerId.Value), ("@key", write.Key)],
                1,
                conflict,
                "key"),
            new(
                write.ExpectedVersion == 0
                    ? $"INSERT INTO crm_points_accounts ({AccountColumns}) VALUES (@id, 1, @entries, @balance, @lots, @debt, @counters) ON CONFLICT (customer_id) DO NOTHING"
                    : "UPDATE crm_points_accounts SET version = version + 1, entry_count = @entries, balance = @balance, lot_points = @lots, debt = @debt, counters = @counters WHERE customer_id = @id AND version = @expected",
                [
                    ("@id", customerId.Value),
                    ("@expected", write.ExpectedVersion),
                    ("@entries", account.EntryCount),
                    ("@balance", account.Balance.Value),
                    ("@lots", account.LotPoints.Value),
                    ("@debt", account.Debt.Value),
                    ("@counters", JsonSerializer.Serialize(account.Counters)),
                ],
                1,
                conflict),
            EntriesInsert(customerId, write),
        };
        foreach (var lot in write.Lots)
        {
            writes.Add(new(
                $"INSERT INTO crm_points_lots (customer_id, {LotColumns}) VALUES (@id, @lot, @earned, @available, @expires, @points, @remaining, @reversed, @awarded, @refunded, @expired) " +
                "ON CONFLICT (customer_id, lot_id) DO UPDATE SET earned_at = excluded.earned_at, available_at = excluded.available_at, expires_at = excluded.expires_at, points = excluded.points, " +
                "remaining = excluded.remaining, reversed = excluded.reversed, awarded = excluded.awarded, refunded_minor = excluded.refunded_minor, expired = excluded.expired",
                [
                    ("@id", customerId.Value),
                    ("@lot", lot.LotId),
                    ("@earned", Ticks(lot.EarnedAt)),
                    ("@available", Ticks(lot.AvailableAt)),
                    ("@expires", lot.ExpiresAt is { } expires ? Ticks(expires) : null),
                    ("@points", lot.Points.Value),
                    ("@remaining", lot.Remaining.Value),
                    ("@reversed", lot.Reversed.Value),
                    ("@awarded", lot.Awarded.Value),
                    ("@refunded", lot.RefundedMinorUnits),
                    ("@expired", lot.Expired.Value),
                ]));
        }

        if (await TryWriteAsync(writes, cancellationToken).ConfigureAwait(false) is { } failed)
        {
            // Outside a unit, idempotency comes before the version: a key written before is answered with its entries.
            var earlier = await FindWriteAsync(customerId, write.Key, cancellationToken).ConfigureAwait(false);
            return earlier.Count > 0 ? new PointsAppendResult(true, earlier) : throw failed.ToConflict();
        }

        return new PointsAppendResult(false, write.Entries);
    }

    public async Task<IReadOnlyList<PointsEntry>> FindWriteAsync(CustomerId customerId, string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        await using var session = await SessionAsync(cancellationToken).ConfigureAwait(false);
        return await ReadAsync(
            session.Command($"SELECT {ReadEntryColumns} FROM crm_points_entries WHERE customer_id = @id AND write_key = @key ORDER BY sequence", [("@id", customerId.Value), ("@key", key)]),
            r => ReadEntry(r, customerId),
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<PointsEntry>> GetEntriesAsync(CustomerId customerId, long? beforeSequence, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var session = await SessionAsync(cancellationToken).ConfigureAwait(false);
        return await ReadAsync(
            session.Command(
                $"SELECT {ReadEntryColumns} FROM crm_points_entries WHERE customer_id = @id AND sequence < @before ORDER BY sequence DESC LIMIT @limit",
                [("@id", customerId.Value), ("@before", beforeSequence ?? long.MaxValue), ("@limit", (long)limit)]),
            r => ReadEntry(r, customerId),
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<PointAmount> GetEarnedAsync(CustomerId customerId, Instant from, Instant to, CancellationToken cancellationToken = default)
    {
        await using var session = await SessionAsync(cancellationToken).ConfigureAwait(false);
        return new PointAmount(await ReadLongAsync(
            session.Command(
                "SELECT SUM(points) FROM crm_points_entries WHERE customer_id = @id AND kind IN (@earn, @event, @reversal) AND earned_at >= @from AND earned_at <= @to",
                [
                    ("@id", customerId.Value),
                    ("@earn", (long)PointsEntryKind.Earn),
                    ("@event", (long)PointsEntryKind.EventAward),
                    ("@reversal", (long)PointsEntryKind.Reversal),
                    ("@from", TicksFrom(from)),
                    ("@to", Ticks(to)),
                ]),
            cancellationToken).ConfigureAwait(false));
    }

    public async Task<IReadOnlyList<CustomerId>> ListExpiringAsync(Instant asOf, CustomerId? after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var session = await SessionAsync(cancellationToken).ConfigureAwait(false);
        var command = after is { } a
            ? session.Command("SELECT DISTINCT customer_id FROM crm_points_lots WHERE remaining > 0 AND expires_at <= @asof AND customer_id > @after ORDER BY customer_id LIMIT @limit", [("@asof", Ticks(asOf)), ("@limit", (long)limit), ("@after", a.Value)])
            : session.Command("SELECT DISTINCT customer_id FROM crm_points_lots WHERE remaining > 0 AND expires_at <= @asof ORDER BY customer_id LIMIT @limit", [("@asof", Ticks(asOf)), ("@limit", (long)limit)]);
        return await ReadAsync(command, r => new CustomerId(r.GetString(0)), cancellationToken).ConfigureAwait(false);
    }

    public async Task<PointAmount> GetOutstandingAsync(CancellationToken cancellationToken = default)
    {
        await using var session = await SessionAsync(cancellationToken).ConfigureAwait(false);
        return new PointAmount(await ReadLongAsync(session.Command("SELECT SUM(balance) FROM crm_points_accounts WHERE balance > 0", []), cancellationToken).ConfigureAwait(false));
    }

    public async Task<int> EraseCustomerTextAsync(CustomerId customerId, Instant erasedAt, CancellationToken cancellationToken = default)
    {
        const string Where = "customer_id = @id AND kind IN (@adjustment, @redemption) AND reason_erased_at IS NULL";
        (string, object?)[] which = [("@id", customerId.Value), ("@adjustment", (long)PointsEntryKind.Adjustment), ("@redemption", (long)PointsEntryKind.Redemption)];
        long count;
        await using (var session = await SessionAsync(cancellationToken).ConfigureAwait(false))
        {
            count = await ReadLongAsync(session.Command($"SELECT COUNT(*) FROM crm_points_entries WHERE {Where}", which), cancellationToken).ConfigureAwait(false);
        }

        // The entries are append-only but for this, and the account's version stays: balances and lots do not change.
        if (count > 0)
        {
            await WriteAsync(
                [new($"UPDATE crm_points_entries SET reason = @marker, reason_erased_at = @at WHERE {Where}", [.. which, ("@marker", PointsEntry.ErasedReason), ("@at", Ticks(erasedAt))])],
                cancellationToken).ConfigureAwait(false);
        }

        return checked((int)count);
    }

    /// <summary>Reads ahead the customers' accounts (without lots: a purchase's earn needs none).</summary>
    public void AddTo(PrefetchBatch batch, StorePrefetch prefetch) =>
        ReadAheadByCustomer(batch, Table, isCustomer => $"SELECT {AccountColumns} FROM crm_points_accounts WHERE {isCustomer}", ReadAccount, a => a.CustomerId.Value);

    /// <summary>The entries of a write as one multi-row insert (a write has one to three entries).</summary>
    private static SqlWrite EntriesInsert(CustomerId customerId, PointsWrite write)
    {
        var rows = new List<string>(write.Entries.Count);
        var parameters = new List<(string, object?)> { ("@id", customerId.Value), ("@key", write.Key) };
        for (var i = 0; i < write.Entries.Count; i++)
        {
            var entry = write.Entries[i];
            rows.Add($"(@id, @seq{i}, @key, @kind{i}, @points{i}, @at{i}, @earned{i}, @reason{i}, @operator{i})");
            parameters.Add(($"@seq{i}", entry.Sequence));
            parameters.Add(($"@kind{i}", (long)entry.Kind));
            parameters.Add(($"@points{i}", entry.Points.Value));
            parameters.Add(($"@at{i}", Ticks(entry.OccurredAt)));
            parameters.Add(($"@earned{i}", Ticks(entry.EarnedAt)));
            parameters.Add(($"@reason{i}", entry.Reason));
            parameters.Add(($"@operator{i}", Text(entry.OperatorId)));
        }

        return new($"INSERT INTO crm_points_entries (customer_id, {EntryColumns}) VALUES {string.Join(", ", rows)}", [.. parameters]);
    }

    private static PointsAccount ReadAccount(DbDataReader reader) => new()
    {
        CustomerId = new CustomerId(reader.GetString(0)),
        Version = reader.GetInt64(1),
        EntryCount = reader.GetInt64(2),
        Balance = new PointAmount(reader.GetInt64(3)),
        LotPoints = new PointAmount(reader.GetInt64(4)),
        Debt = new PointAmount(reader.GetInt64(5)),
        Counters = JsonSerializer.Deserialize<Dictionary<string, long>>(reader.GetString(6)) ?? [],
    };

    private static PointsEntry ReadEntry(DbDataReader reader, CustomerId customerId) => new()
    {
        CustomerId = customerId,
        Sequence = reader.GetInt64(0),
        Key = reader.GetString(1),
        Kind = (PointsEntryKind)reader.GetInt64(2),
        Points = new PointAmount(reader.GetInt64(3)),
        OccurredAt = Instant(reader.GetInt64(4)),
        EarnedAt = Instant(reader.GetInt64(5)),
        Reason = reader.GetString(6),
        OperatorId = Text(reader, 7),
        ReasonErasedAt = Instant(reader, 8),
    };

    private static PointsLot ReadLot(DbDataReader reader) => new()
    {
        LotId = reader.GetString(0),
        EarnedAt = Instant(reader.GetInt64(1)),
        AvailableAt = Instant(reader.GetInt64(2)),
        ExpiresAt = Instant(reader, 3),
        Points = new PointAmount(reader.GetInt64(4)),
        Remaining = new PointAmount(reader.GetInt64(5)),
        Reversed = new PointAmount(reader.GetInt64(6)),
        Awarded = new PointAmount(reader.GetInt64(7)),
        RefundedMinorUnits = reader.GetInt64(8),
        Expired = new PointAmount(reader.GetInt64(9)),
    };
}
