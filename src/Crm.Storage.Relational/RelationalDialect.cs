using System.Data.Common;

namespace Crm.Storage.Relational;

/// <summary>
/// What the relational stores need to know about one database's SQL: its type names, how a write transaction begins,
/// how a list of ids is passed, which errors mean a duplicate key or may pass if retried, and whether statements travel in batches. A provider
/// (Crm.Storage.Sqlite, Crm.Storage.Postgres, or your own) derives it once and registers it, with its
/// <see cref="IRelationalConnectionFactory"/>, through <c>UseRelationalStorage</c>.
/// </summary>
/// <remarks>
/// <para>The stores' SQL is written once, in the common subset both bundled databases speak: <c>INSERT ... ON CONFLICT
/// (...) DO NOTHING / DO UPDATE</c>, <c>UPDATE ... WHERE version = @expected</c>, <c>LIMIT</c> and keyset paging on keys
/// compared ordinally, named parameters written <c>@name</c> holding 64-bit integers, doubles or text. A third database
/// whose SQL differs in more than this class can say is not a dialect but an adapter of its own.</para>
/// <para>The schema is defined once too, as tables of <see cref="RelationalType"/> columns; <see cref="TypeName"/> renders it.</para>
/// </remarks>
/// <threadsafety>Implementations must be immutable and safe to share.</threadsafety>
public abstract class RelationalDialect
{
    /// <summary>Gets the database's name, for messages and logs.</summary>
    public abstract string Name { get; }

    /// <summary>Gets a value indicating whether the driver sends many statements in one round trip (<see cref="DbBatch"/>).</summary>
    /// <remarks>
    /// When it does, a unit of work reads ahead what a fact needs in one batch and commits its writes in another, so a
    /// purchase costs two round trips whatever the packages installed (three when the batch is not atomic and needs a
    /// <c>COMMIT</c> of its own). When it does not (an embedded database, where a
    /// statement costs no round trip), reads run when asked and writes one after the other.
    /// </remarks>
    public virtual bool BatchesStatements => false;

    /// <summary>
    /// Gets a value indicating whether a batch sent without a transaction runs as one transaction of its own, all or nothing
    /// (PostgreSQL's implicit transaction block), and <see cref="CheckRows"/> can make a statement of it fail when it changes
    /// another number of rows than expected. When so, a unit of work's writes cost one round trip: no <c>BEGIN</c>, no
    /// separate <c>COMMIT</c>.
    /// </summary>
    public virtual bool BatchIsAtomic => false;

    /// <summary>Gets how many open connections the stores keep between calls, each with its prepared statements.</summary>
    /// <value>The default value is 8.</value>
    public virtual int MaxIdleSessions => 8;

    /// <summary>Names a column type in the database's DDL.</summary>
    /// <param name="type">The logical type.</param>
    /// <returns>The type, with its collation where one is needed for ordinal order (such as <c>text COLLATE "C"</c>).</returns>
    public abstract string TypeName(RelationalType type);

    /// <summary>Gets what follows a <c>CREATE TABLE</c>'s closing parenthesis, such as SQLite's <c>WITHOUT ROWID</c>; empty by default.</summary>
    /// <remarks>Every table of the schema has a primary key of keys and integers, never a single integer row id.</remarks>
    public virtual string TableOptions => string.Empty;

    /// <summary>Begins a write transaction that takes the locks it needs up front (SQLite: <c>BEGIN IMMEDIATE</c>).</summary>
    /// <param name="connection">An open connection not in a transaction.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The transaction.</returns>
    public abstract Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Writes the condition "<paramref name="column"/> is one of the values of list parameter <paramref name="parameterName"/>".</summary>
    /// <param name="column">The column, possibly qualified.</param>
    /// <param name="parameterName">The parameter, such as <c>@ids</c>; its value is what <see cref="ListValue"/> returns.</param>
    /// <returns>The condition, such as <c>customer_id = ANY(@ids)</c>.</returns>
    public abstract string InList(string column, string parameterName);

    /// <summary>Gives the value of a list parameter (see <see cref="InList"/>).</summary>
    /// <param name="values">The values.</param>
    /// <returns>The value the driver binds, such as a <c>string[]</c> or a JSON array text.</returns>
    public abstract object ListValue(IReadOnlyCollection<string> values);

    /// <summary>Rewrites a write statement so that it fails, inside a batch, when it changes another number of rows than expected; see <see cref="BatchIsAtomic"/>.</summary>
    /// <param name="statement">An <c>INSERT</c>, <c>UPDATE</c> or <c>DELETE</c> that accepts a <c>RETURNING</c> clause.</param>
    /// <param name="expectedRows">The rows it must change.</param>
    /// <param name="positionParameter">The name of a 64-bit integer parameter holding the statement's position in the batch, which <see cref="FailedCheck"/> reads back from the error (a parameter, not text, so the statement's text stays the same and stays prepared).</param>
    /// <returns>The statement with its check.</returns>
    /// <exception cref="NotSupportedException">The dialect has no atomic batches.</exception>
    public virtual string CheckRows(string statement, int expectedRows, string positionParameter) => throw new NotSupportedException($"{Name} does not check rows inside a batch.");

    /// <summary>Gets the position of the statement whose check (<see cref="CheckRows"/>) failed a batch, or <see langword="null"/> when the error is another one.</summary>
    /// <param name="exception">The driver's exception.</param>
    /// <returns>The position, or <see langword="null"/>.</returns>
    public virtual int? FailedCheck(DbException exception) => null;

    /// <summary>Determines whether an error is a unique-key violation, which a unit of work reports as a concurrency conflict.</summary>
    /// <param name="exception">The driver's exception.</param>
    /// <returns><see langword="true"/> for a duplicate key.</returns>
    public abstract bool IsUniqueViolation(DbException exception);

    /// <summary>
    /// Determines whether a driver error is transient: the same work may succeed when tried again later (the database
    /// unreachable or restarting, a timeout, no connection or resource to spare, a transaction given up in a deadlock or a
    /// serialization failure, a busy file).
    /// </summary>
    /// <param name="exception">The driver's exception; never a unique-key violation or a failed row check, which are concurrency conflicts.</param>
    /// <returns><see langword="true"/> when a retry may succeed; by default the driver's own <see cref="DbException.IsTransient"/>.</returns>
    /// <remarks>
    /// Every driver error the stores meet reaches the host as a <see cref="CrmStorageException"/>, with the driver's exception
    /// inside: <see cref="CrmErrorCodes.StorageUnavailable"/> and <see cref="CrmStorageException.IsTransient"/> set when this
    /// returns <see langword="true"/>, <see cref="CrmErrorCodes.StorageFailed"/> otherwise. Hosts retry the former, so
    /// answer <see langword="true"/> only where waiting can help.
    /// </remarks>
    public virtual bool IsTransient(DbException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception.IsTransient;
    }

    /// <summary>
    /// Checks, inside a write transaction and just before it commits, that the connection still writes to the database the
    /// host configured; by default nothing (a server's database cannot be swapped under an open connection).
    /// </summary>
    /// <param name="connection">The connection, inside the write transaction, its statements run.</param>
    /// <exception cref="CrmStorageException">With <see cref="CrmErrorCodes.StorageDatabaseReplaced"/>: the database is no longer the one the connection opened. The transaction is rolled back and nothing is acknowledged.</exception>
    /// <remarks>
    /// SQLite overrides it: a file deleted or replaced under a running host leaves its open connections writing to the old,
    /// unlinked file, which no other process will ever read. It runs once per write transaction, so it must be cheap. It is
    /// not called where <see cref="BatchIsAtomic"/> (the batch commits with its last statement).
    /// </remarks>
    public virtual void EnsureSameDatabase(DbConnection connection)
    {
    }

    /// <summary>Prepares a new connection once (session settings such as SQLite's pragmas).</summary>
    /// <param name="connection">The connection, just opened.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>A task that completes when it is prepared.</returns>
    public virtual Task PrepareConnectionAsync(DbConnection connection, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Prepares the database before the migrations run (the journal mode, the migration history table <c>crm_schema_history</c>).</summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>A task that completes when it is prepared.</returns>
    /// <remarks>The history table has the columns <c>version</c> (a 64-bit integer primary key) and <c>description</c> (text).</remarks>
    public abstract Task PrepareDatabaseAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Serialises migrations across processes inside a migration's transaction; nothing where the write transaction already does (SQLite).</summary>
    /// <param name="connection">The connection.</param>
    /// <param name="transaction">The migration's transaction.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>A task that completes when the lock is held.</returns>
    public virtual Task LockMigrationsAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Gets whether a transaction is open on a connection, when the driver can tell; <see langword="null"/> when it cannot.</summary>
    /// <param name="connection">The connection.</param>
    /// <returns>Whether a transaction is open, or <see langword="null"/>.</returns>
    /// <remarks>Used to keep a connection that a failed call left inside a transaction out of the idle sessions.</remarks>
    public virtual bool? IsInTransaction(DbConnection connection) => null;
}
