using System.Data.Common;

namespace Crm.Storage.Sql;

/// <summary>
/// A connection lent by <see cref="SqlDatabase"/> for one store call. Where the database keeps its connections open
/// (SQLite), the session also keeps each statement it ran prepared, keyed by its SQL text, so a store call that runs
/// the same SQL again binds new values instead of parsing and planning it again.
/// </summary>
/// <remarks>Not thread-safe: one store call uses a session at a time; disposing it gives it back to the database.</remarks>
internal sealed class SqlSession : IAsyncDisposable
{
    // Every store's SQL is a few dozen fixed texts; texts built per call (IN lists, multi-row inserts) have a few
    // shapes each. Past this many, statements are not kept, so a caller with unbounded shapes cannot grow the cache.
    private const int MaxPreparedStatements = 256;

    private readonly SqlDatabase _database;
    private readonly Dictionary<string, SqlStatement>? _prepared;

    public SqlSession(SqlDatabase database, DbConnection connection, bool keepStatements)
    {
        _database = database;
        Connection = connection;
        _prepared = keepStatements ? new Dictionary<string, SqlStatement>(StringComparer.Ordinal) : null;
    }

    /// <summary>Gets the open connection.</summary>
    public DbConnection Connection { get; }

    /// <summary>Gets or sets the batch that holds this session, whose transaction every statement then runs in; <see langword="null"/> outside a batch.</summary>
    public SqlBatch? Batch { get; set; }

    /// <summary>Gets a statement for <paramref name="sql"/> with the given parameter values, in <paramref name="transaction"/> when given.</summary>
    /// <remarks>Dispose the statement (and any reader it returned) before running the same SQL again in this session.</remarks>
    public SqlStatement Command(DbTransaction? transaction, string sql, (string Name, object? Value)[] parameters)
    {
        if (_prepared is null || !_prepared.TryGetValue(sql, out var statement))
        {
            var command = Connection.CreateCommand();
            command.CommandText = sql;
            var keep = _prepared is not null && _prepared.Count < MaxPreparedStatements;
            statement = new SqlStatement(command, owned: !keep);
            if (keep)
            {
                _prepared!.Add(sql, statement);
            }
        }

        // In a batch every statement runs in the batch's transaction: a store's write transaction there is a savepoint
        // (which drivers do not accept as a command's transaction), and its reads pass none.
        statement.Bind(Batch is { } batch ? batch.Transaction : transaction, parameters);
        return statement;
    }

    /// <summary>Gives the session back to its database.</summary>
    public ValueTask DisposeAsync() => _database.ReturnAsync(this);

    /// <summary>Disposes the kept statements and closes the connection.</summary>
    public async ValueTask CloseAsync()
    {
        DisposeStatements();
        await Connection.DisposeAsync().ConfigureAwait(false);
    }

    /// <inheritdoc cref="CloseAsync"/>
    public void Close()
    {
        DisposeStatements();
        Connection.Dispose();
    }

    private void DisposeStatements()
    {
        if (_prepared is null)
        {
            return;
        }

        foreach (var statement in _prepared.Values)
        {
            statement.Command.Dispose();
        }

        _prepared.Clear();
    }
}
