using System.Data;
using System.Data.Common;

namespace Crm.Storage.Sql;

/// <summary>
/// What the shared ADO.NET stores need from a database: connections, write transactions, the schema, the currency.
/// Each SQL adapter derives it once (SQLite, PostgreSQL); the stores themselves are shared.
/// </summary>
/// <remarks>
/// <para>A store call borrows a <see cref="SqlSession"/>. An adapter whose driver pools nothing worth keeping (SQLite:
/// opening a connection is cheap but its per-connection settings and every statement's parse are not) sets
/// <see cref="MaxIdleSessions"/>, and the database keeps that many sessions open with their prepared statements.</para>
/// <para>It is also the adapter's <see cref="IStoreBatchFactory"/>: inside a <see cref="SqlBatch"/> of the calling flow,
/// <see cref="OpenAsync"/> lends the batch's session and <see cref="BeginWriteAsync(SqlSession, CancellationToken)"/>
/// a savepoint in its transaction, so the stores need not know whether they run in a batch.</para>
/// </remarks>
internal abstract class SqlDatabase(Currency currency) : IStoreBatchFactory, IAsyncDisposable, IDisposable
{
    private readonly SemaphoreSlim _migrationGate = new(1, 1);
    private readonly Stack<SqlSession> _idle = new();

    // The batch of the calling flow, per database (an AsyncLocal flows to the tasks a flow starts, never back to its caller).
    private readonly AsyncLocal<SqlBatch?> _batch = new();
    private volatile bool _migrated;
    private bool _disposed;

    /// <summary>Gets the programme's currency; amounts are stored as whole minor units of it.</summary>
    public Currency Currency { get; } = currency;

    /// <summary>Gets the forward-only schema migrations, in version order.</summary>
    protected abstract IReadOnlyList<SqlMigration> Migrations { get; }

    /// <summary>Gets how many open sessions the database keeps between store calls; 0 closes every session after its call.</summary>
    protected virtual int MaxIdleSessions => 0;

    /// <summary>Gets whether a failed statement aborts the whole transaction (PostgreSQL), so that a batch must make each store call a savepoint of its own.</summary>
    protected virtual bool FailedStatementAbortsTransaction => false;

    /// <summary>
    /// Begins a batch for the calling flow, or joins its open one; see <see cref="IStoreBatchFactory"/>.
    /// </summary>
    /// <remarks>Not <see langword="async"/> on purpose: the batch is set in the caller's execution context before the method returns, which an async method's changes would not reach.</remarks>
    public Task<IAsyncDisposable> BeginBatchAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<IAsyncDisposable>(cancellationToken);
        }

        if (_batch.Value is { IsOpen: true })
        {
            return Task.FromResult(SqlBatch.Joined);
        }

        var batch = new SqlBatch(this, FailedStatementAbortsTransaction);
        _batch.Value = batch;
        return batch.StartAsync(cancellationToken);
    }

    /// <summary>Lends a session for a store call: the batch's session inside a batch of the calling flow (see <see cref="SqlBatch"/>), else <see cref="OpenSessionAsync"/>.</summary>
    public async Task<SqlSession> OpenAsync(CancellationToken cancellationToken)
    {
        if (_batch.Value is { IsOpen: true } batch && await batch.EnterAsync(cancellationToken).ConfigureAwait(false) is { } lent)
        {
            return lent;
        }

        return await OpenSessionAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Lends a session of its own (an idle one when kept, else a new connection), applying the schema migrations first if this process has not yet done so.</summary>
    public async Task<SqlSession> OpenSessionAsync(CancellationToken cancellationToken)
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

        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return new SqlSession(this, connection, keepStatements: MaxIdleSessions > 0);
    }

    /// <summary>
    /// Gets whether a transaction is open on a connection, when the adapter can tell (SQLite can; <see langword="null"/>
    /// when it cannot). Used to keep a connection that a failed call left inside a transaction out of the idle sessions,
    /// and to notice that the database rolled a batch's transaction back on its own (SQLite does on a full disk).
    /// </summary>
    public virtual bool? IsInTransaction(DbConnection connection) => null;

    /// <summary>Gets whether a session's connection may be lent again after a store call: open and not inside a transaction.</summary>
    private bool CanReuse(DbConnection connection) => connection.State == ConnectionState.Open && IsInTransaction(connection) != true;

    /// <summary>Begins a transaction that takes the write lock up front (SQLite: BEGIN IMMEDIATE).</summary>
    public abstract Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Begins a store call's write transaction on a session: a savepoint when the session is a batch's (see <see cref="SqlSavepoint"/>), else a transaction of its own.</summary>
    public Task<DbTransaction> BeginWriteAsync(SqlSession session, CancellationToken cancellationToken) =>
        session.Batch is { } batch ? batch.BeginSavepointAsync(session, cancellationToken) : BeginWriteAsync(session.Connection, cancellationToken);

    /// <summary>Takes a session back: a batch's to its batch, which lets the flow's next call in; else kept idle while there is room, else closed.</summary>
    public ValueTask ReturnAsync(SqlSession session)
    {
        if (session.Batch is { } batch)
        {
            return batch.ExitAsync(session);
        }

        lock (_idle)
        {
            if (!_disposed && _idle.Count < MaxIdleSessions && CanReuse(session.Connection))
            {
                _idle.Push(session);
                return ValueTask.CompletedTask;
            }
        }

        return session.CloseAsync();
    }

    /// <summary>Closes the idle sessions; sessions still lent out are closed when given back.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var session in TakeIdle())
        {
            await session.CloseAsync().ConfigureAwait(false);
        }

        await DisposeCoreAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    /// <inheritdoc cref="DisposeAsync"/>
    public void Dispose()
    {
        foreach (var session in TakeIdle())
        {
            session.Close();
        }

        DisposeCore();
        GC.SuppressFinalize(this);
    }

    /// <summary>Forgets the calling flow's batch when it is <paramref name="batch"/>; called as the batch is disposed.</summary>
    internal void LeaveBatch(SqlBatch batch)
    {
        if (ReferenceEquals(_batch.Value, batch))
        {
            _batch.Value = null;
        }
    }

    /// <summary>Creates a statement on a session's connection; see <see cref="SqlSession.Command"/>.</summary>
    public static SqlStatement Command(SqlSession session, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters) =>
        session.Command(transaction, sql, parameters);

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

            await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await PrepareAsync(connection, cancellationToken).ConfigureAwait(false);
            foreach (var migration in Migrations)
            {
                await using var transaction = await BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
                await LockMigrationsAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
                await using (var check = Command(connection, transaction, "SELECT COUNT(*) FROM crm_schema_migrations WHERE version = @version", ("@version", (long)migration.Version)))
                {
                    if (Convert.ToInt64(await check.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) > 0)
                    {
                        continue;
                    }
                }

                await using (var apply = Command(connection, transaction, migration.Sql))
                {
                    await apply.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await using (var record = Command(connection, transaction, "INSERT INTO crm_schema_migrations (version, description) VALUES (@version, @description)", ("@version", (long)migration.Version), ("@description", migration.Description)))
                {
                    await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }

            _migrated = true;
        }
        finally
        {
            _migrationGate.Release();
        }
    }

    /// <summary>Creates a command with parameters; a <see langword="null"/> value becomes a typed database null.</summary>
    public static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(Parameter(command, name, value));
        }

        return command;
    }

    /// <summary>Creates a parameter; <see langword="null"/> becomes a database null typed as a 64-bit integer or, for strings, as text.</summary>
    public static DbParameter Parameter(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        SetParameter(parameter, name, value);
        return parameter;
    }

    /// <summary>Sets a parameter's name, type and value; see <see cref="Parameter"/>.</summary>
    public static void SetParameter(DbParameter parameter, string name, object? value)
    {
        parameter.ParameterName = name;
        switch (value)
        {
            case null:
                parameter.DbType = DbType.Int64;
                parameter.Value = DBNull.Value;
                break;
            case NullText:
                parameter.DbType = DbType.String;
                parameter.Value = DBNull.Value;
                break;
            case string text:
                parameter.DbType = DbType.String;
                parameter.Value = text;
                break;
            case long number:
                parameter.DbType = DbType.Int64;
                parameter.Value = number;
                break;
            case double real:
                parameter.DbType = DbType.Double;
                parameter.Value = real;
                break;
            default:
                throw new ArgumentException($"Unsupported parameter type {value.GetType()}.", nameof(value));
        }
    }

    /// <summary>Opens a plain connection.</summary>
    protected abstract Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>Prepares the database before migrations (pragmas, the migrations table).</summary>
    protected abstract Task PrepareAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Serialises migrations across processes inside the migration transaction (no-op where the transaction already does).</summary>
    protected virtual Task LockMigrationsAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Releases what the adapter holds besides the sessions (a data source).</summary>
    protected virtual ValueTask DisposeCoreAsync() => ValueTask.CompletedTask;

    /// <inheritdoc cref="DisposeCoreAsync"/>
    protected virtual void DisposeCore()
    {
    }

    private List<SqlSession> TakeIdle()
    {
        lock (_idle)
        {
            _disposed = true;
            var sessions = _idle.ToList();
            _idle.Clear();
            return sessions;
        }
    }
}

/// <summary>A typed null for a text parameter.</summary>
internal sealed class NullText
{
    public static readonly NullText Value = new();
}

/// <summary>One forward-only schema migration.</summary>
internal sealed record SqlMigration(int Version, string Description, string Sql);
