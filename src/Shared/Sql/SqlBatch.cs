using System.Data;
using System.Data.Common;

namespace Crm.Storage.Sql;

/// <summary>
/// A store batch of <see cref="SqlDatabase"/> (see <see cref="IStoreBatchFactory"/>): one session and one write
/// transaction that the store calls of a flow share, each store write a savepoint inside it (on PostgreSQL each call too).
/// </summary>
/// <remarks>
/// <para>A store call borrows the batch's session with <see cref="SqlDatabase.OpenAsync"/>, which waits for the call
/// before it to give the session back: calls of the flow's parallel tasks run one at a time on the one connection.
/// Every statement of the call runs in the batch's transaction; <see cref="SqlDatabase.BeginWriteAsync(SqlSession, CancellationToken)"/>
/// hands out a <see cref="SqlSavepoint"/>, so a store's commit releases its savepoint and its rollback (or a dispose
/// without commit) undoes only that call's writes.</para>
/// <para>Where a failed statement aborts the whole transaction (PostgreSQL), each call is also a savepoint of its own
/// from borrowing to giving back, so a statement that fails outside a store's write transaction is undone with its call
/// instead of poisoning the batch.</para>
/// </remarks>
internal sealed class SqlBatch : IAsyncDisposable
{
    private const string CallSavepoint = "crm_call";

    private readonly SqlDatabase _database;
    private readonly bool _savepointPerCall;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private SqlSession? _session;
    private DbTransaction? _transaction;
    private Exception? _broken;
    private volatile bool _open = true;

    public SqlBatch(SqlDatabase database, bool savepointPerCall)
    {
        _database = database;
        _savepointPerCall = savepointPerCall;
    }

    /// <summary>Gets a handle for a nested batch, which joins the outer one: disposing it does nothing.</summary>
    public static IAsyncDisposable Joined { get; } = new JoinedBatch();

    /// <summary>Gets whether the batch is starting or running (not yet disposed, not failed to start).</summary>
    public bool IsOpen => _open;

    /// <summary>Gets the batch's write transaction, in which every statement of its session runs.</summary>
    public DbTransaction Transaction => _transaction ?? throw new InvalidOperationException("The batch has not started.");

    /// <summary>Opens the batch's session and begins its write transaction (SQLite: takes the write lock).</summary>
    public async Task<IAsyncDisposable> StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _open = false;
            throw;
        }

        try
        {
            var session = await _database.OpenSessionAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                _transaction = await _database.BeginWriteAsync(session.Connection, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await _database.ReturnAsync(session).ConfigureAwait(false);
                throw;
            }

            session.Batch = this;
            _session = session;
            return this;
        }
        catch
        {
            _open = false;
            throw;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Lends the batch's session to a store call once the call before it is done; <see langword="null"/> when the batch has ended meanwhile.</summary>
    public async Task<SqlSession?> EnterAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (!_open || _session is not { } session)
        {
            _gate.Release();
            return null;
        }

        try
        {
            if (_broken is not null)
            {
                throw new InvalidOperationException(
                    "The store batch can no longer be used: its transaction is lost (see the inner exception). " +
                    "Dispose the batch, which throws, and retry the batch's calls; their idempotency keys make that safe.",
                    _broken);
            }

            if (_savepointPerCall)
            {
                // Not cancellable once sent: a cancellation reaching PostgreSQL mid-statement would abort the whole transaction.
                cancellationToken.ThrowIfCancellationRequested();
                try
                {
                    await ExecuteAsync(session, "SAVEPOINT " + CallSavepoint, CancellationToken.None).ConfigureAwait(false);
                }
                catch (DbException exception)
                {
                    _broken = exception;
                    throw;
                }
            }

            return session;
        }
        catch
        {
            _gate.Release();
            throw;
        }
    }

    /// <summary>Takes the session back from a store call and lets the next call in.</summary>
    public async ValueTask ExitAsync(SqlSession session)
    {
        try
        {
            if (_savepointPerCall && _broken is null)
            {
                await ReleaseCallAsync(session).ConfigureAwait(false);
            }

            // SQLite rolls the whole transaction back on some errors (a full disk, out of memory); later calls would then
            // each commit on their own, so the batch stops here and its dispose throws.
            if (_broken is null && _database.IsInTransaction(session.Connection) == false)
            {
                _broken = new InvalidOperationException("The database rolled the store batch's transaction back on its own (for example on a full disk or an I/O error).");
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Begins a store call's write: a savepoint in the batch's transaction.</summary>
    public async Task<DbTransaction> BeginSavepointAsync(SqlSession session, CancellationToken cancellationToken)
    {
        var savepoint = new SqlSavepoint(this, session);
        await ExecuteAsync(session, "SAVEPOINT " + SqlSavepoint.Name, cancellationToken).ConfigureAwait(false);
        return savepoint;
    }

    /// <summary>Releases a savepoint, keeping what was written since it; when that fails (PostgreSQL: a statement aborted the transaction), undoes it and throws.</summary>
    public async Task ReleaseAsync(SqlSession session, string savepoint)
    {
        try
        {
            await ExecuteAsync(session, "RELEASE SAVEPOINT " + savepoint, CancellationToken.None).ConfigureAwait(false);
        }
        catch (DbException)
        {
            await UndoAsync(session, savepoint).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Rolls back to a savepoint and releases it; marks the batch unusable when even that fails.</summary>
    public async Task UndoAsync(SqlSession session, string savepoint)
    {
        try
        {
            await ExecuteAsync(session, "ROLLBACK TO SAVEPOINT " + savepoint, CancellationToken.None).ConfigureAwait(false);
            await ExecuteAsync(session, "RELEASE SAVEPOINT " + savepoint, CancellationToken.None).ConfigureAwait(false);
        }
        catch (DbException exception)
        {
            _broken = exception;
            throw;
        }
    }

    /// <summary>Commits the batch's calls and gives its session back; see <see cref="SqlDatabase.BeginBatchAsync"/>.</summary>
    public ValueTask DisposeAsync()
    {
        // Not async, so that clearing the flow's batch happens in the caller's execution context (await using calls this).
        _database.LeaveBatch(this);
        return EndAsync();
    }

    private async ValueTask EndAsync()
    {
        // Waits for a call still running in a parallel task of the flow.
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (!_open || _session is not { } session)
            {
                return;
            }

            _open = false;
            session.Batch = null;
            _session = null;
            try
            {
                if (_broken is not null)
                {
                    throw new InvalidOperationException("The store batch was not committed: its transaction was lost (see the inner exception). Retry the batch's calls; their idempotency keys make that safe.", _broken);
                }

                // A cheap statement first: PostgreSQL answers COMMIT of an aborted transaction with a rollback and no error,
                // but fails any statement in it, so a lost batch surfaces here as a failed commit.
                await ExecuteAsync(session, "SELECT 1", CancellationToken.None).ConfigureAwait(false);
                await _transaction!.CommitAsync().ConfigureAwait(false);
            }
            catch
            {
                // The connection's state is unknown: close it instead of lending it again.
                await _transaction!.DisposeAsync().ConfigureAwait(false);
                await session.CloseAsync().ConfigureAwait(false);
                throw;
            }

            await _transaction.DisposeAsync().ConfigureAwait(false);
            await _database.ReturnAsync(session).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task ReleaseCallAsync(SqlSession session)
    {
        try
        {
            await ExecuteAsync(session, "RELEASE SAVEPOINT " + CallSavepoint, CancellationToken.None).ConfigureAwait(false);
        }
        catch (DbException)
        {
            // A statement of the call failed and aborted the transaction (PostgreSQL); the call has already thrown, so
            // undoing it is all that is left to do.
            try
            {
                await UndoAsync(session, CallSavepoint).ConfigureAwait(false);
            }
            catch (DbException)
            {
                // Even that failed: the batch is marked lost, refuses further calls and its dispose throws. This runs while
                // the call's own exception is propagating (the session is given back in a finally), so it must not replace it.
            }
        }
    }

    private async Task ExecuteAsync(SqlSession session, string sql, CancellationToken cancellationToken)
    {
        await using var command = session.Command(Transaction, sql, []);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private sealed class JoinedBatch : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

/// <summary>
/// A store call's write transaction inside a <see cref="SqlBatch"/>: a savepoint. Committing releases it; rolling back,
/// or disposing it uncommitted, undoes the call's writes and leaves the batch's earlier calls alone.
/// </summary>
internal sealed class SqlSavepoint(SqlBatch batch, SqlSession session) : DbTransaction
{
    /// <summary>The savepoint's name; one call has one write open at a time, and calls of a batch never overlap.</summary>
    public const string Name = "crm_write";

    private bool _done;

    public override IsolationLevel IsolationLevel => batch.Transaction.IsolationLevel;

    protected override DbConnection DbConnection => session.Connection;

    public override void Commit() => CommitAsync().GetAwaiter().GetResult();

    public override void Rollback() => RollbackAsync().GetAwaiter().GetResult();

    public override async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        Complete();
        await batch.ReleaseAsync(session, Name).ConfigureAwait(false);
    }

    public override async Task RollbackAsync(CancellationToken cancellationToken = default)
    {
        Complete();
        await batch.UndoAsync(session, Name).ConfigureAwait(false);
    }

    public override async ValueTask DisposeAsync()
    {
        if (!_done)
        {
            await RollbackAsync().ConfigureAwait(false);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_done)
        {
            Rollback();
        }

        base.Dispose(disposing);
    }

    private void Complete()
    {
        if (_done)
        {
            throw new InvalidOperationException("The store call's write has already been committed or rolled back.");
        }

        _done = true;
    }
}
