using System.Data.Common;

namespace Crm.Storage.Relational;

/// <summary>
/// A unit of work of a <see cref="RelationalDatabase"/>: one session for its reads (outside any transaction, so they see
/// committed state), the records read ahead, and its stores' writes, applied in one transaction by <see cref="CommitAsync"/>.
/// </summary>
/// <remarks>
/// On a database whose dialect batches statements, a fact costs two round trips: <see cref="PrefetchAsync"/> reads every
/// installed store's records of its customers and facts in one batch, the handlers decide in memory (their reads are served
/// from what was read ahead), and the commit sends all writes in one batch, which is its own transaction where the dialect's
/// batches are atomic (otherwise the commit is one more).
/// </remarks>
internal sealed class RelationalUnitOfWork(RelationalDatabase database) : IStoreUnitOfWork
{
    private readonly List<SqlWrite> _writes = [];
    private readonly Dictionary<(string Table, string Key), object?> _readAhead = [];
    private SqlSession? _session;
    private bool _ended;

    public TStore GetStore<TStore>()
        where TStore : class
    {
        ThrowIfEnded();
        return (TStore)database.CreateStore(typeof(TStore), this);
    }

    public async ValueTask PrefetchAsync(StorePrefetch prefetch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefetch);
        ThrowIfEnded();
        cancellationToken.ThrowIfCancellationRequested();

        // Where a statement costs no round trip, reading one fact's records on demand is as fast and reads only what is
        // needed. A unit of many customers (an import's round, a page of a population run) reads each table once for all of
        // them instead of once per customer: one statement per table costs less than one per customer even in process.
        if (!database.Dialect.BatchesStatements && prefetch.Customers.Count < 2)
        {
            return;
        }

        var batch = new PrefetchBatch(database.Dialect, this, prefetch);
        foreach (var store in database.Prefetchers)
        {
            batch.Store = store;
            ((IPrefetcher)database.CreateStore(store, this)).AddTo(batch, prefetch);
        }

        if (batch.Count > 0)
        {
            await batch.RunAsync(await SessionAsync(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfEnded();
        cancellationToken.ThrowIfCancellationRequested();
        _ended = true;
        if (_writes.Count == 0)
        {
            return;
        }

        // Cancellation counts until the writes start to go out; after that the commit runs to its end, so that the caller
        // knows the outcome: returned means applied, thrown means nothing applied.
        var session = await SessionOfCommitAsync(cancellationToken).ConfigureAwait(false);
        var failed = await database.TryApplyAsync(session, _writes, typeof(IStoreUnitOfWork), nameof(IStoreUnitOfWork.CommitAsync), CancellationToken.None).ConfigureAwait(false);
        if (failed is not null)
        {
            throw failed.ToConflict();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _ended = true;
        _writes.Clear();
        _readAhead.Clear();
        if (_session is { } session)
        {
            _session = null;
            await database.ReturnAsync(session).ConfigureAwait(false);
        }
    }

    /// <summary>Gets the unit's session, renting it on first use.</summary>
    public async ValueTask<SqlSession> SessionAsync(CancellationToken cancellationToken)
    {
        ThrowIfEnded();
        return _session ??= await database.RentAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Keeps a store's writes for the commit.</summary>
    public void Add(IReadOnlyList<SqlWrite> writes)
    {
        ThrowIfEnded();
        _writes.AddRange(writes);
    }

    /// <summary>Remembers a record read ahead (<see langword="null"/>: known not to exist).</summary>
    public void ReadAhead(string table, string key, object? value) => _readAhead[(table, key)] = value;

    /// <summary>Remembers the records read ahead for some keys: each key's record, or that it has none.</summary>
    public void ReadAhead<T>(string table, IEnumerable<string> keys, IEnumerable<T> found, Func<T, string> keyOf)
        where T : class
    {
        var byKey = found.ToDictionary(keyOf, StringComparer.Ordinal);
        foreach (var key in keys)
        {
            _readAhead[(table, key)] = byKey.GetValueOrDefault(key);
        }
    }

    /// <summary>Gets a record read ahead, if it was.</summary>
    public bool TryGetReadAhead<T>(string table, string key, out T? value)
    {
        if (_readAhead.TryGetValue((table, key), out var found))
        {
            value = (T?)found;
            return true;
        }

        value = default;
        return false;
    }

    private ValueTask<SqlSession> SessionOfCommitAsync(CancellationToken cancellationToken) =>
        _session is { } session ? ValueTask.FromResult(session) : RentForCommitAsync(cancellationToken);

    private async ValueTask<SqlSession> RentForCommitAsync(CancellationToken cancellationToken) =>
        _session = await database.RentAsync(cancellationToken).ConfigureAwait(false);

    private void ThrowIfEnded()
    {
        if (_ended)
        {
            throw new InvalidOperationException("The unit of work was committed or disposed.");
        }
    }
}

/// <summary>A store that reads ahead for a unit of work: adds its queries for the unit's customers and facts to a batch.</summary>
internal interface IPrefetcher
{
    /// <summary>Adds the queries of the records a fact's handlers will read.</summary>
    void AddTo(PrefetchBatch batch, StorePrefetch prefetch);
}

/// <summary>The queries of a read-ahead, run as one batch; each reads its result set into the unit's records.</summary>
internal sealed class PrefetchBatch(RelationalDialect dialect, RelationalUnitOfWork unit, StorePrefetch prefetch)
{
    private readonly List<(string Sql, SqlParameters Parameters, Func<DbDataReader, RelationalUnitOfWork, CancellationToken, Task> Read, Type? Store)> _queries = [];

    /// <summary>Gets the unit's customers' ids, each once: every store reads ahead by them.</summary>
    public IReadOnlyList<string> CustomerIds { get; } = [.. prefetch.Customers.Select(c => c.Value).Distinct(StringComparer.Ordinal)];

    public int Count => _queries.Count;

    /// <summary>Gets or sets the store whose queries are being added: the one a query's span names on a dialect that sends them one by one.</summary>
    public Type? Store { get; set; }

    public RelationalDialect Dialect => dialect;

    /// <summary>
    /// The condition "<paramref name="column"/> is one of <paramref name="values"/>" and its parameter's value: an equality
    /// for one value (a purchase's customer, its id), a list otherwise (an import's round).
    /// </summary>
    /// <remarks>
    /// A prepared statement keeps its plan. A list's plan is made for a list of unknown length and, on a table that is
    /// still small, scans the table; the plan outlives the table's growth until the next analyze. An equality on a key
    /// is planned as an index lookup whatever the table's size.
    /// </remarks>
    public (string Condition, object Value) OneOf(string column, string parameterName, IReadOnlyCollection<string> values) =>
        values.Count == 1
            ? ($"{column} = {parameterName}", values.First())
            : (dialect.InList(column, parameterName), new SqlList(dialect.ListValue(values)));

    /// <summary>Adds a query and what to do with its rows.</summary>
    public void Add(string sql, SqlParameters parameters, Func<DbDataReader, RelationalUnitOfWork, CancellationToken, Task> read) => _queries.Add((sql, parameters, read, Store));

    /// <exception cref="CrmStorageException">The database failed, or a value read cannot be read back.</exception>
    /// <remarks>Each round trip is a span of <see cref="IStoreUnitOfWork.PrefetchAsync"/>: the batch, or each query where the dialect sends them one by one.</remarks>
    public async Task RunAsync(SqlSession session, CancellationToken cancellationToken)
    {
        // A dialect without batches runs the queries one after the other, each prepared in the session.
        if (!dialect.BatchesStatements)
        {
            foreach (var (sql, parameters, read, store) in _queries)
            {
                using var span = StoreSpans.Start(dialect, typeof(IStoreUnitOfWork), nameof(IStoreUnitOfWork.PrefetchAsync), sql);
                if (span is { IsAllDataRequested: true })
                {
                    span.SetTag("crm.store.read_ahead", store?.Name);
                }

                try
                {
                    try
                    {
                        await using var one = await session.Command(sql, parameters).ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                        await read(one, unit, cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception exception) when (StorageFailure.Applies(exception, reading: true))
                    {
                        throw StorageFailure.From(exception, dialect);
                    }
                }
                catch (Exception exception) when (StoreSpans.Failed(span, exception))
                {
                    throw;
                }
            }

            return;
        }

        using var batchSpan = StoreSpans.Start(dialect, typeof(IStoreUnitOfWork), nameof(IStoreUnitOfWork.PrefetchAsync));
        if (batchSpan is { IsAllDataRequested: true })
        {
            StoreSpans.SetStatements(batchSpan, [.. _queries.Select(q => q.Sql)]);
        }

        try
        {
            try
            {
                await ReadBatchAsync(session, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (StorageFailure.Applies(exception, reading: true))
            {
                throw StorageFailure.From(exception, dialect);
            }
        }
        catch (Exception exception) when (StoreSpans.Failed(batchSpan, exception))
        {
            throw;
        }
    }

    private async Task ReadBatchAsync(SqlSession session, CancellationToken cancellationToken)
    {
        await using var batch = session.Connection.CreateBatch();
        foreach (var (sql, parameters, _, _) in _queries)
        {
            var command = batch.CreateBatchCommand();
            command.CommandText = sql;
            parameters.BindTo(command);
            batch.BatchCommands.Add(command);
        }

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < _queries.Count; i++)
        {
            if (i > 0)
            {
                await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            }

            await _queries[i].Read(reader, unit, cancellationToken).ConfigureAwait(false);
        }
    }
}
