using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Crm.Points;
using NodaTime;

namespace Crm.Storage.Sql;

/// <summary><see cref="IPointsLedgerStore"/> over ADO.NET, shared by the SQLite and PostgreSQL adapters.</summary>
/// <remarks>
/// An append is one write transaction: the idempotency key row (<c>INSERT ... ON CONFLICT DO NOTHING</c>; a key that
/// exists ends the transaction as a replay), the versioned account upsert (a stale version ends it with a conflict),
/// then the entries and the lot upserts. Two writers of one customer serialise on the key or the account row.
/// </remarks>
internal sealed class SqlPointsLedgerStore(SqlDatabase database) : IPointsLedgerStore
{
    private const string EntryColumns = "sequence, write_key, kind, points, occurred_at, earned_at, reason, operator_id";
    private const string LotColumns = "lot_id, earned_at, available_at, expires_at, points, remaining, reversed, awarded, refunded_minor, expired";

    public async Task<PointsAccount?> FindAsync(CustomerId customerId, bool includeLots, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        PointsAccount account;
        await using (var command = SqlDatabase.Command(
            connection,
            null,
            "SELECT version, entry_count, balance, lot_points, debt, counters FROM crm_points_accounts WHERE customer_id = @id",
            ("@id", customerId.Value)))
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            account = new PointsAccount
            {
                CustomerId = customerId,
                Version = reader.GetInt64(0),
                EntryCount = reader.GetInt64(1),
                Balance = new PointAmount(reader.GetInt64(2)),
                LotPoints = new PointAmount(reader.GetInt64(3)),
                Debt = new PointAmount(reader.GetInt64(4)),
                Counters = JsonSerializer.Deserialize<Dictionary<string, long>>(reader.GetString(5)) ?? [],
            };
        }

        if (!includeLots)
        {
            return account;
        }

        // Read after the account: a write in between moves the version, so a write based on both fails.
        await using var lots = SqlDatabase.Command(
            connection,
            null,
            $"SELECT {LotColumns} FROM crm_points_lots WHERE customer_id = @id AND remaining > 0 ORDER BY earned_at, lot_id",
            ("@id", customerId.Value));
        return account with { Lots = await ReadLotsAsync(lots, cancellationToken).ConfigureAwait(false) };
    }

    public async Task<PointsLot?> FindLotAsync(CustomerId customerId, string lotId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lotId);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = SqlDatabase.Command(
            connection,
            null,
            $"SELECT {LotColumns} FROM crm_points_lots WHERE customer_id = @id AND lot_id = @lot",
            ("@id", customerId.Value),
            ("@lot", lotId));
        return (await ReadLotsAsync(command, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
    }

    public async Task<PointsAppendResult> AppendAsync(CustomerId customerId, PointsWrite write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        ArgumentOutOfRangeException.ThrowIfZero(write.Entries.Count, "write.Entries.Count");
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (var transaction = await database.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false))
        {
            await using (var key = SqlDatabase.Command(
                connection,
                transaction,
                "INSERT INTO crm_points_writes (customer_id, write_key) VALUES (@id, @key) ON CONFLICT (customer_id, write_key) DO NOTHING RETURNING customer_id",
                ("@id", customerId.Value),
                ("@key", write.Key)))
            {
                if (await key.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is null or DBNull)
                {
                    await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                    goto Replay;
                }
            }

            var account = write.Account;
            (string, object?)[] parameters =
            [
                ("@id", customerId.Value),
                ("@expected", write.ExpectedVersion),
                ("@entries", account.EntryCount),
                ("@balance", account.Balance.Value),
                ("@lots", account.LotPoints.Value),
                ("@debt", account.Debt.Value),
                ("@counters", JsonSerializer.Serialize(account.Counters)),
            ];
            var sql = write.ExpectedVersion == 0
                ? "INSERT INTO crm_points_accounts (customer_id, version, entry_count, balance, lot_points, debt, counters) VALUES (@id, 1, @entries, @balance, @lots, @debt, @counters) ON CONFLICT (customer_id) DO NOTHING RETURNING version"
                : "UPDATE crm_points_accounts SET version = version + 1, entry_count = @entries, balance = @balance, lot_points = @lots, debt = @debt, counters = @counters WHERE customer_id = @id AND version = @expected RETURNING version";
            await using (var upsert = SqlDatabase.Command(connection, transaction, sql, parameters))
            {
                if (await upsert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is null or DBNull)
                {
                    await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                    throw new CrmConcurrencyException($"points ledger of customer {customerId}", write.ExpectedVersion, null);
                }
            }

            foreach (var entry in write.Entries)
            {
                await using var insert = SqlDatabase.Command(
                    connection,
                    transaction,
                    $"INSERT INTO crm_points_entries (customer_id, {EntryColumns}) VALUES (@id, @seq, @key, @kind, @points, @at, @earned, @reason, @operator)",
                    ("@id", customerId.Value),
                    ("@seq", entry.Sequence),
                    ("@key", write.Key),
                    ("@kind", (long)entry.Kind),
                    ("@points", entry.Points.Value),
                    ("@at", entry.OccurredAt.ToUnixTimeTicks()),
                    ("@earned", entry.EarnedAt.ToUnixTimeTicks()),
                    ("@reason", entry.Reason),
                    ("@operator", entry.OperatorId is null ? NullText.Value : entry.OperatorId));
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            foreach (var lot in write.Lots)
            {
                await using var insert = SqlDatabase.Command(
                    connection,
                    transaction,
                    $"INSERT INTO crm_points_lots (customer_id, {LotColumns}) VALUES (@id, @lot, @earned, @available, @expires, @points, @remaining, @reversed, @awarded, @refunded, @expired) " +
                    "ON CONFLICT (customer_id, lot_id) DO UPDATE SET earned_at = excluded.earned_at, available_at = excluded.available_at, expires_at = excluded.expires_at, points = excluded.points, " +
                    "remaining = excluded.remaining, reversed = excluded.reversed, awarded = excluded.awarded, refunded_minor = excluded.refunded_minor, expired = excluded.expired",
                    ("@id", customerId.Value),
                    ("@lot", lot.LotId),
                    ("@earned", lot.EarnedAt.ToUnixTimeTicks()),
                    ("@available", lot.AvailableAt.ToUnixTimeTicks()),
                    ("@expires", lot.ExpiresAt?.ToUnixTimeTicks()),
                    ("@points", lot.Points.Value),
                    ("@remaining", lot.Remaining.Value),
                    ("@reversed", lot.Reversed.Value),
                    ("@awarded", lot.Awarded.Value),
                    ("@refunded", lot.RefundedMinorUnits),
                    ("@expired", lot.Expired.Value));
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return new PointsAppendResult(true, write.Entries);
        }

    Replay:
        return new PointsAppendResult(false, await ReadWriteAsync(connection, customerId, write.Key, cancellationToken).ConfigureAwait(false));
    }

    public async Task<IReadOnlyList<PointsEntry>> FindWriteAsync(CustomerId customerId, string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await ReadWriteAsync(connection, customerId, key, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<PointsEntry>> GetEntriesAsync(CustomerId customerId, long? beforeSequence, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = SqlDatabase.Command(
            connection,
            null,
            $"SELECT {EntryColumns} FROM crm_points_entries WHERE customer_id = @id AND sequence < @before ORDER BY sequence DESC LIMIT @limit",
            ("@id", customerId.Value),
            ("@before", beforeSequence ?? long.MaxValue),
            ("@limit", (long)limit));
        return await ReadEntriesAsync(command, customerId, cancellationToken).ConfigureAwait(false);
    }

    public async Task<PointAmount> GetEarnedAsync(CustomerId customerId, Instant from, Instant to, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = SqlDatabase.Command(
            connection,
            null,
            "SELECT COALESCE(SUM(points), 0) FROM crm_points_entries WHERE customer_id = @id AND kind IN (@earn, @event, @reversal) AND earned_at >= @from AND earned_at < @to",
            ("@id", customerId.Value),
            ("@earn", (long)PointsEntryKind.Earn),
            ("@event", (long)PointsEntryKind.EventAward),
            ("@reversal", (long)PointsEntryKind.Reversal),
            ("@from", from.ToUnixTimeTicks()),
            ("@to", to.ToUnixTimeTicks()));
        return new PointAmount(Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture));
    }

    public async Task<IReadOnlyList<CustomerId>> ListExpiringAsync(Instant asOf, CustomerId? after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var filter = after is null ? string.Empty : " AND customer_id > @after";
        (string, object?)[] parameters = after is { } a
            ? [("@asof", asOf.ToUnixTimeTicks()), ("@limit", (long)limit), ("@after", a.Value)]
            : [("@asof", asOf.ToUnixTimeTicks()), ("@limit", (long)limit)];
        await using var command = SqlDatabase.Command(
            connection,
            null,
            $"SELECT DISTINCT customer_id FROM crm_points_lots WHERE remaining > 0 AND expires_at <= @asof{filter} ORDER BY customer_id LIMIT @limit",
            parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var ids = new List<CustomerId>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ids.Add(new CustomerId(reader.GetString(0)));
        }

        return ids;
    }

    public async Task<PointAmount> GetOutstandingAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = SqlDatabase.Command(connection, null, "SELECT COALESCE(SUM(balance), 0) FROM crm_points_accounts WHERE balance > 0");
        return new PointAmount(Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture));
    }

    private static async Task<IReadOnlyList<PointsEntry>> ReadWriteAsync(SqlSession connection, CustomerId customerId, string key, CancellationToken cancellationToken)
    {
        await using var command = SqlDatabase.Command(
            connection,
            null,
            $"SELECT {EntryColumns} FROM crm_points_entries WHERE customer_id = @id AND write_key = @key ORDER BY sequence",
            ("@id", customerId.Value),
            ("@key", key));
        return await ReadEntriesAsync(command, customerId, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IReadOnlyList<PointsEntry>> ReadEntriesAsync(SqlStatement command, CustomerId customerId, CancellationToken cancellationToken)
    {
        var entries = new List<PointsEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(new PointsEntry
            {
                CustomerId = customerId,
                Sequence = reader.GetInt64(0),
                Key = reader.GetString(1),
                Kind = (PointsEntryKind)reader.GetInt64(2),
                Points = new PointAmount(reader.GetInt64(3)),
                OccurredAt = Instant.FromUnixTimeTicks(reader.GetInt64(4)),
                EarnedAt = Instant.FromUnixTimeTicks(reader.GetInt64(5)),
                Reason = reader.GetString(6),
                OperatorId = reader.IsDBNull(7) ? null : reader.GetString(7),
            });
        }

        return entries;
    }

    private static async Task<IReadOnlyList<PointsLot>> ReadLotsAsync(SqlStatement command, CancellationToken cancellationToken)
    {
        var lots = new List<PointsLot>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            lots.Add(new PointsLot
            {
                LotId = reader.GetString(0),
                EarnedAt = Instant.FromUnixTimeTicks(reader.GetInt64(1)),
                AvailableAt = Instant.FromUnixTimeTicks(reader.GetInt64(2)),
                ExpiresAt = reader.IsDBNull(3) ? null : Instant.FromUnixTimeTicks(reader.GetInt64(3)),
                Points = new PointAmount(reader.GetInt64(4)),
                Remaining = new PointAmount(reader.GetInt64(5)),
                Reversed = new PointAmount(reader.GetInt64(6)),
                Awarded = new PointAmount(reader.GetInt64(7)),
                RefundedMinorUnits = reader.GetInt64(8),
                Expired = new PointAmount(reader.GetInt64(9)),
            });
        }

        return lots;
    }
}
