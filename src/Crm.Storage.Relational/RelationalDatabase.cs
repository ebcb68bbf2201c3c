using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Crm.Baskets;
using Crm.Churn;
using Crm.Coupons;
using Crm.Campaigns;
using Crm.Feedback;
using Crm.Membership;
using Crm.Points;
using Crm.Segmentation;
using Crm.Storage.Relational.Schema;
using Crm.Storage.Relational.Stores;

namespace Crm.Storage.Relational;

/// <summary>
/// One database behind the relational stores: its dialect and connections, the sessions kept open between calls, the
/// schema migrations, the units of work, and how a list of writes is applied in one transaction.
/// </summary>
/// <threadsafety>Safe to use from many threads at once.</threadsafety>
internal sealed class RelationalDatabase : IStoreUnitOfWorkFactory, IAsyncDisposable, IDisposable
{
    private const string PositionParameter = "@crm_position";

    private readonly IRelationalConnectionFactory _connections;
    private readonly SemaphoreSlim _migrationGate = new(1, 1);
    private readonly Stack<SqlSession> _idle = new();
    private volatile bool _migrated;
    private bool _disposed;

    /// <summary>Initializes a new instance of the <see cref="RelationalDatabase"/> class.</summary>
    /// <param name="dialect">The database's dialect.</param>
    /// <param name="connections">Opens its connections.</param>
    /// <param name="currency">The programme's currency; amounts are stored in its minor units.</param>
    /// <param name="prefetchers">The store types whose records a unit of work reads ahead: those of the installed packages.</param>
    public RelationalDatabase(RelationalDialect dialect, IRelationalConnectionFactory connections, Currency currency, IReadOnlyList<Type> prefetchers)
    {
        Dialect = dialect;
        _connections = connections;
        Currency = currency;
        Prefetchers = prefetchers;
    }

    /// <summary>Gets the dialect.</summary>
    public RelationalDialect Dialect { get; }

    /// <summary>Gets the programme's currency.</summary>
    public Currency Currency { get; }

    /// <summary>Gets the store types that read ahead for a unit of work.</summary>
    public IReadOnlyList<Type> Prefetchers { get; }

    /// <inheritdoc />
    public ValueTask<IStoreUnitOfWork> BeginAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult<IStoreUnitOfWork>(new RelationalUnitOfWork(this));
    }

    /// <summary>Creates a store of a type, bound to a unit of work or (without one) applying each write at once.</summary>
    public object CreateStore(Type storeType, RelationalUnitOfWork? unit) => storeType switch
    {
        _ when storeType == typeof(IActivityStore) => new SqlActivityStore(this, unit),
        _ when storeType == typeof(ICustomerStore) => new SqlCustomerStore(this, unit),
        _ when storeType == typeof(IConsentStore) => new SqlConsentStore(this, unit),
        _ when storeType == typeof(ICustomerIdentifierStore) => new SqlCustomerIdentifierStore(this, unit),
        _ when storeType == typeof(IMembershipStore) => new SqlMembershipStore(this, unit),
        _ when storeType == typeof(IPointsLedgerStore) => new SqlPointsLedgerStore(this, unit),
        _ when storeType == typeof(ICouponStore) => new SqlCouponStore(this, unit),
        _ when storeType == typeof(ISegmentStore) || storeType == typeof(ISegmentInputStore) => new SqlSegmentStore(this, unit),
        _ when storeType == typeof(IChurnStore) => new SqlChurnStore(this, unit),
        _ when storeType == typeof(IBasketModelStore) => new SqlBasketModelStore(this, unit),
        _ when storeType == typeof(IFeedbackStore) => new SqlFeedbackStore(this, unit),
        _ when storeType == typeof(ICampaignStore) => new SqlCampaignStore(this, unit),
        _ => throw new NotSupportedException($"The {Dialect.Name} adapter has no store of type {storeType.Name}."),
    };

    /// <summary>Lends a session: an idle one when kept, else a new connection; the schema is migrated first if this process has not yet done so.</summary>
    /// <exception cref="CrmStorageException">The database could not be reached or migrated.</exception>
    public async ValueTask<SqlSession> RentAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (!_migrated)
            {
                await MigrateAsync(cancellationToken).ConfigureAwait(false);
            }

            lock (_idle)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (_idle.TryPop(out var idle))
                {
                    return idle;
                }
            }

            return new SqlSession(await OpenAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (Exception exception) when (StorageFailure.Applies(exception, reading: false))
        {
            throw StorageFailure.From(exception, Dialect);
        }
    }

    /// <summary>Takes a session back: kept idle while there is room and it is reusable, else closed.</summary>
    public ValueTask ReturnAsync(SqlSession session)
    {
        lock (_idle)
        {
            if (!_disposed && _idle.Count < Dialect.MaxIdleSessions && session.IsReusable(Dialect))
            {
                _idle.Push(session);
                return ValueTask.CompletedTask;
            }
        }

        return session.CloseAsync();
    }

    /// <summary>Applies writes in one transaction of a session of its own; see <see cref="TryApplyAsync(SqlSession, IReadOnlyList{SqlWrite}, Type, string, CancellationToken)"/>.</summary>
    public async Task<SqlWrite?> TryApplyAsync(IReadOnlyList<SqlWrite> writes, Type store, string operation, CancellationToken cancellationToken)
    {
        var session = await RentAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await TryApplyAsync(session, writes, store, operation, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await ReturnAsync(session).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Applies writes in order in one transaction: all of them, or none when one changes another number of rows than it
    /// expects or violates a unique key.
    /// </summary>
    /// <param name="session">The session to apply them in.</param>
    /// <param name="writes">The writes, in order.</param>
    /// <param name="store">The store (or unit of work) whose call sends them, and <paramref name="operation"/> its method: the span's names.</param>
    /// <param name="operation">The method of <paramref name="store"/>.</param>
    /// <param name="cancellationToken">A token to cancel the operation, until the commit.</param>
    /// <returns><see langword="null"/> when every write was applied and committed; otherwise the first write whose precondition failed (nothing was applied).</returns>
    /// <exception cref="CrmStorageException">The database failed, or is no longer the one the session opened; nothing was applied (unless the failure hit the commit itself, whose outcome is then unknown).</exception>
    /// <remarks>
    /// Where the dialect batches statements, all of them travel in one round trip and the row counts are checked after;
    /// the commit is a second. The commit itself is not cancelled: once the writes are sent, the outcome is the database's.
    /// The transaction, from its first statement to its commit, is one span.
    /// </remarks>
    public async Task<SqlWrite?> TryApplyAsync(SqlSession session, IReadOnlyList<SqlWrite> writes, Type store, string operation, CancellationToken cancellationToken)
    {
        if (writes.Count == 0)
        {
            return null;
        }

        using var span = StoreSpans.Start(Dialect, store, operation);
        try
        {
            try
            {
                return await ApplyAsync(session, writes, span, cancellationToken).ConfigureAwait(false);
            }
            catch (CrmStorageException exception) when (exception.ErrorCode == CrmErrorCodes.StorageDatabaseReplaced)
            {
                // The sessions kept reach the old file: close them, so that the next call opens (and migrates, if it is new)
                // the database now at the path, as any other process would.
                session.Discard();
                await ForgetSessionsAsync().ConfigureAwait(false);
                throw;
            }
            catch (Exception exception) when (StorageFailure.Applies(exception, reading: false))
            {
                throw StorageFailure.From(exception, Dialect);
            }
        }
        catch (Exception exception) when (StoreSpans.Failed(span, exception))
        {
            throw;
        }
    }

    /// <summary>Closes the idle sessions; sessions still lent out are closed when given back.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var session in TakeIdle())
        {
            await session.CloseAsync().ConfigureAwait(false);
        }

        if (_connections is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc cref="DisposeAsync"/>
    /// <remarks>For hosts that dispose their service provider synchronously.</remarks>
    public void Dispose()
    {
        foreach (var session in TakeIdle())
        {
            session.Close();
        }

        (_connections as IDisposable)?.Dispose();
    }

    /// <summary>Applies the migrations this database lacks; idempotent and safe to run from several processes at once.</summary>
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await _migrationGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_migrated)
            {
                return;
            }

            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await Dialect.PrepareDatabaseAsync(connection, cancellationToken).ConfigureAwait(false);
            var session = new SqlSession(connection);
            foreach (var migration in RelationalSchema.Migrations)
            {
                await using var transaction = await Dialect.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
                await Dialect.LockMigrationsAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
                var applied = Convert.ToInt64(
                    await session.Command("SELECT COUNT(*) FROM crm_schema_history WHERE version = @version", [("@version", (long)migration.Version)], transaction).ExecuteScalarAsync(cancellationToken).ConfigureAwait(false),
                    CultureInfo.InvariantCulture);
                if (applied > 0)
                {
                    continue;
                }

                foreach (var statement in migration.Render(Dialect))
                {
                    await using var command = connection.CreateCommand();
                    command.Transaction = transaction;
                    command.CommandText = statement;
                    await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await session.Command(
                    "INSERT INTO crm_schema_history (version, description) VALUES (@version, @description)",
                    [("@version", (long)migration.Version), ("@description", migration.Description)],
                    transaction).ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }

            _migrated = true;
        }
        finally
        {
            _migrationGate.Release();
        }
    }

    private async Task<SqlWrite?> ApplyAsync(SqlSession session, IReadOnlyList<SqlWrite> writes, Activity? span, CancellationToken cancellationToken)
    {
        // A unit of many facts inserts many rows into each table: where statements travel to a server, one multi-row insert
        // per table instead of one per row, so the server receives and runs one statement per table. An in-process database
        // runs prepared statements one by one with no round trip to save, and binding thousands of named parameters to one
        // statement costs SQLite far more than it saves, so there the rows go one by one.
        var statements = Dialect.BatchesStatements ? SqlWriteMerger.Merge(writes) : writes.Select(w => (w, w)).ToList();
        if (span is { IsAllDataRequested: true })
        {
            StoreSpans.SetStatements(span, [.. statements.Select(s => s.Item1.Sql)]);
        }

        if (Dialect.BatchesStatements && Dialect.BatchIsAtomic)
        {
            return await RunAtomicBatchAsync(session, statements, cancellationToken).ConfigureAwait(false);
        }

        var transaction = await Dialect.BeginWriteAsync(session.Connection, cancellationToken).ConfigureAwait(false);
        var committed = false;
        try
        {
            var failed = Dialect.BatchesStatements
                ? await RunBatchAsync(session, transaction, statements, cancellationToken).ConfigureAwait(false)
                : await RunOneByOneAsync(session, transaction, statements, cancellationToken).ConfigureAwait(false);
            if (failed is not null)
            {
                return failed;
            }

            // As late as it can be: a file deleted or replaced after this goes unnoticed only for the commit itself.
            Dialect.EnsureSameDatabase(session.Connection);
            await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            committed = true;
            return null;
        }
        catch (DbException exception) when (Dialect.IsUniqueViolation(exception))
        {
            // A key taken by another writer since this one read: the same as a moved version.
            return FirstChecked(statements);
        }
        finally
        {
            if (!committed)
            {
                await RollBackAsync(transaction).ConfigureAwait(false);
            }

            await transaction.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Closes the idle sessions and has the next session check the migrations again; the database stays in use.</summary>
    private async Task ForgetSessionsAsync()
    {
        List<SqlSession> idle;
        lock (_idle)
        {
            idle = [.. _idle];
            _idle.Clear();
            _migrated = false;
        }

        foreach (var session in idle)
        {
            await session.CloseAsync().ConfigureAwait(false);
        }
    }

    private List<SqlSession> TakeIdle()
    {
        lock (_idle)
        {
            _disposed = true;
            var idle = _idle.ToList();
            _idle.Clear();
            return idle;
        }
    }

    private static async Task RollBackAsync(DbTransaction transaction)
    {
        try
        {
            await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is DbException or InvalidOperationException)
        {
            // The transaction is gone already (the database rolled it back, or the connection broke); the session is then not reused.
        }
    }

    private static async Task<SqlWrite?> RunOneByOneAsync(SqlSession session, DbTransaction transaction, List<(SqlWrite Statement, SqlWrite First)> statements, CancellationToken cancellationToken)
    {
        foreach (var (statement, first) in statements)
        {
            var rows = await session.Command(statement.Sql, statement.Parameters, transaction).ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            if (statement.ExpectedRows is { } expected && rows != expected)
            {
                return first;
            }
        }

        return null;
    }

    /// <summary>Sends the writes as one batch that is its own transaction, each row count checked by the database: one round trip.</summary>
    private async Task<SqlWrite?> RunAtomicBatchAsync(SqlSession session, List<(SqlWrite Statement, SqlWrite First)> statements, CancellationToken cancellationToken)
    {
        await using var batch = session.Connection.CreateBatch();
        for (var i = 0; i < statements.Count; i++)
        {
            var statement = statements[i].Statement;
            var command = batch.CreateBatchCommand();
            if (statement.ExpectedRows is { } expected)
            {
                command.CommandText = Dialect.CheckRows(statement.Sql, expected, PositionParameter);
                new SqlParameters([.. statement.Parameters.Values, (PositionParameter, (long)i)]).BindTo(command);
            }
            else
            {
                command.CommandText = statement.Sql;
                statement.Parameters.BindTo(command);
            }

            batch.BatchCommands.Add(command);
        }

        try
        {
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (DbException exception) when (Dialect.FailedCheck(exception) is { } failed && failed >= 0 && failed < statements.Count)
        {
            return statements[failed].First;
        }
        catch (DbException exception) when (Dialect.IsUniqueViolation(exception))
        {
            return FirstChecked(statements);
        }
    }

    private static async Task<SqlWrite?> RunBatchAsync(SqlSession session, DbTransaction transaction, List<(SqlWrite Statement, SqlWrite First)> statements, CancellationToken cancellationToken)
    {
        await using var batch = session.Connection.CreateBatch();
        batch.Transaction = transaction;
        foreach (var (statement, _) in statements)
        {
            var command = batch.CreateBatchCommand();
            command.CommandText = statement.Sql;
            statement.Parameters.BindTo(command);
            batch.BatchCommands.Add(command);
        }

        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < statements.Count; i++)
        {
            if (statements[i].Statement.ExpectedRows is { } expected && batch.BatchCommands[i].RecordsAffected != expected)
            {
                return statements[i].First;
            }
        }

        return null;
    }

    /// <summary>What a key taken by another writer is reported as: the first write with a precondition (the same as a moved version).</summary>
    private static SqlWrite FirstChecked(List<(SqlWrite Statement, SqlWrite First)> statements) =>
        statements.FirstOrDefault(s => s.Statement.ExpectedRows is not null).First ?? statements[0].First;

    private async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = await _connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await Dialect.PrepareConnectionAsync(connection, cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
