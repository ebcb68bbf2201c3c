using System.Data.Common;
using System.Runtime.CompilerServices;
using NodaTime;

namespace Crm.Storage.Relational.Stores;

/// <summary>
/// What every relational store shares: a session for its reads (the unit's, or one of its own), its writes kept for the
/// unit's commit or applied at once in a transaction of their own, and the records a unit read ahead.
/// </summary>
internal abstract class RelationalStore(RelationalDatabase database, RelationalUnitOfWork? unit)
{
    protected RelationalDatabase Database { get; } = database;

    protected RelationalUnitOfWork? Unit { get; } = unit;

    protected RelationalDialect Dialect => Database.Dialect;

    protected Currency Currency => Database.Currency;

    protected static long Ticks(Instant instant) => instant.ToUnixTimeTicks();

    /// <summary>The start of a period in ticks, rounded up: the stores keep instants to the tick, so nothing before the start is counted.</summary>
    protected static long TicksFrom(Instant from) => from.ToUnixTimeTicks() + (from == NodaTime.Instant.FromUnixTimeTicks(from.ToUnixTimeTicks()) ? 0 : 1);

    protected static Instant Instant(long ticks) => NodaTime.Instant.FromUnixTimeTicks(ticks);

    protected static Instant? Instant(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : NodaTime.Instant.FromUnixTimeTicks(reader.GetInt64(ordinal));

    protected static string? Text(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    protected static object Text(string? value) => value is null ? SqlNull.TextNull : value;

    /// <summary>Lends a session for reads: the unit's, or one of the database's given back when the lease is disposed.</summary>
    /// <remarks>Every read that asks the database starts here, so a cancelled call stops here whatever the session.</remarks>
    protected async ValueTask<SessionLease> SessionAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Unit is not null
            ? new SessionLease(await Unit.SessionAsync(cancellationToken).ConfigureAwait(false), null)
            : new SessionLease(await Database.RentAsync(cancellationToken).ConfigureAwait(false), Database);
    }

    /// <summary>Keeps writes for the unit's commit, or applies them now in one transaction.</summary>
    /// <exception cref="CrmConcurrencyException">Outside a unit: a precondition failed; nothing was applied.</exception>
    protected async Task WriteAsync(IReadOnlyList<SqlWrite> writes, CancellationToken cancellationToken, [CallerMemberName] string operation = "")
    {
        if (await TryWriteAsync(writes, cancellationToken, operation).ConfigureAwait(false) is { } failed)
        {
            throw failed.ToConflict();
        }
    }

    /// <summary>Keeps writes for the unit's commit (<see langword="null"/>), or applies them now and returns the write whose precondition failed (nothing applied), for a store that answers it.</summary>
    /// <remarks>Writes applied now are a round trip of the store method <paramref name="operation"/>, traced as such; kept ones travel in the unit's commit.</remarks>
    protected async Task<SqlWrite?> TryWriteAsync(IReadOnlyList<SqlWrite> writes, CancellationToken cancellationToken, [CallerMemberName] string operation = "")
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (Unit is not null)
        {
            Unit.Add(writes);
            return null;
        }

        return await Database.TryApplyAsync(writes, GetType(), operation, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Gets a record the unit read ahead; a cancelled call throws even when the record is known.</summary>
    protected bool TryReadAhead<T>(string table, string key, CancellationToken cancellationToken, out T? value)
    {
        cancellationToken.ThrowIfCancellationRequested();
        value = default;
        return Unit is not null && Unit.TryGetReadAhead(table, key, out value);
    }

    /// <summary>An amount in whole minor units of the programme's currency, as the stores keep it.</summary>
    /// <exception cref="CrmStorageException">The amount is past 64-bit minor units (<see cref="CrmErrorCodes.StorageValueOutOfRange"/>).</exception>
    protected static long MinorUnits(Money amount)
    {
        try
        {
            return amount.ToMinorUnits();
        }
        catch (OverflowException exception)
        {
            throw StorageFailure.ValueOutOfRange($"{amount.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture)} {amount.Currency.Code}", exception);
        }
    }

    /// <summary>The sum of two amounts in minor units, as a store adds them before writing.</summary>
    /// <exception cref="CrmStorageException">The sum is past 64-bit minor units (<see cref="CrmErrorCodes.StorageValueOutOfRange"/>).</exception>
    protected static long AddMinorUnits(long minorUnits, long more, string what)
    {
        try
        {
            return checked(minorUnits + more);
        }
        catch (OverflowException exception)
        {
            throw StorageFailure.ValueOutOfRange(what, exception);
        }
    }

    /// <summary>Runs a query and reads its rows with <paramref name="read"/>, which gets the open reader.</summary>
    /// <exception cref="CrmStorageException">The database failed, or a value read cannot be read back.</exception>
    /// <remarks>
    /// Every query of the stores runs through here (or through a unit's read-ahead): the boundary where a driver's error, or
    /// a stored value that does not convert, becomes a <see cref="CrmStorageException"/>, and where the round trip is traced
    /// as a span of the store method <paramref name="operation"/> (the caller's name, so a new method cannot forget it; a
    /// private helper passes on its own caller's).
    /// </remarks>
    protected async Task<T> QueryAsync<T>(DbCommand command, Func<DbDataReader, CancellationToken, Task<T>> read, CancellationToken cancellationToken, [CallerMemberName] string operation = "")
    {
        using var span = StoreSpans.Start(Dialect, GetType(), operation, command.CommandText);
        try
        {
            try
            {
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                return await read(reader, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (StorageFailure.Applies(exception, reading: true))
            {
                throw StorageFailure.From(exception, Dialect);
            }
        }
        catch (Exception exception) when (StoreSpans.Failed(span, exception))
        {
            throw;
        }
    }

    /// <summary>Runs a query and reads each row.</summary>
    protected Task<List<T>> ReadAsync<T>(DbCommand command, Func<DbDataReader, T> read, CancellationToken cancellationToken, [CallerMemberName] string operation = "") =>
        QueryAsync(command, (reader, token) => ReadRowsAsync(reader, read, token), cancellationToken, operation);

    /// <summary>Reads the rows of the current result set of a reader (of a query run by <see cref="QueryAsync"/> or a unit's read-ahead).</summary>
    protected static async Task<List<T>> ReadRowsAsync<T>(DbDataReader reader, Func<DbDataReader, T> read, CancellationToken cancellationToken)
    {
        var list = new List<T>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(read(reader));
        }

        return list;
    }

    /// <summary>
    /// Reads ahead, for each of the unit's customers, its one record of a table keyed by customer (or that it has none):
    /// the read-ahead every per-customer store makes.
    /// </summary>
    /// <param name="batch">The unit's read-ahead.</param>
    /// <param name="table">The name the records are kept under in the unit.</param>
    /// <param name="sql">The query, given the condition on <c>customer_id</c> it filters by.</param>
    /// <param name="read">Reads a row.</param>
    /// <param name="customerOf">The customer id of a record.</param>
    protected static void ReadAheadByCustomer<T>(PrefetchBatch batch, string table, Func<string, string> sql, Func<DbDataReader, T> read, Func<T, string> customerOf)
        where T : class =>
        ReadAheadByCustomer(batch, table, sql, read, rows => rows, customerOf);

    /// <summary>Reads ahead, for each of the unit's customers, a record made of its rows (<paramref name="records"/> groups them), or that it has none.</summary>
    protected static void ReadAheadByCustomer<TRow, TRecord>(PrefetchBatch batch, string table, Func<string, string> sql, Func<DbDataReader, TRow> read, Func<List<TRow>, IEnumerable<TRecord>> records, Func<TRecord, string> customerOf)
        where TRecord : class
    {
        var ids = batch.CustomerIds;
        if (ids.Count == 0)
        {
            return;
        }

        var (isCustomer, value) = batch.OneOf("customer_id", "@ids", ids);
        batch.Add(
            sql(isCustomer),
            [("@ids", value)],
            async (reader, unit, cancellationToken) =>
            {
                var found = await ReadRowsAsync(reader, read, cancellationToken).ConfigureAwait(false);
                unit.ReadAhead(table, ids, records(found), customerOf);
            });
    }

    /// <summary>Runs a query whose one value is a 64-bit integer (a count or a sum, possibly null for none).</summary>
    protected async Task<long> ReadLongAsync(DbCommand command, CancellationToken cancellationToken, [CallerMemberName] string operation = "")
    {
        using var span = StoreSpans.Start(Dialect, GetType(), operation, command.CommandText);
        try
        {
            try
            {
                return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is { } value and not DBNull
                    ? Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture)
                    : 0;
            }
            catch (Exception exception) when (StorageFailure.Applies(exception, reading: true))
            {
                throw StorageFailure.From(exception, Dialect);
            }
        }
        catch (Exception exception) when (StoreSpans.Failed(span, exception))
        {
            throw;
        }
    }
}

/// <summary>A session lent for a store's reads; disposing gives back a session the store rented (a unit's stays with the unit).</summary>
internal readonly struct SessionLease(SqlSession session, RelationalDatabase? owner) : IAsyncDisposable
{
    public DbCommand Command(string sql, SqlParameters parameters) => session.Command(sql, parameters);

    public ValueTask DisposeAsync() => owner?.ReturnAsync(session) ?? ValueTask.CompletedTask;
}
