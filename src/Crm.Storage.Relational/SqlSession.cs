using System.Data;
using System.Data.Common;

namespace Crm.Storage.Relational;

/// <summary>
/// An open connection lent by <see cref="RelationalDatabase"/>, which keeps each statement it ran prepared, keyed by its
/// SQL text, so a statement run again binds new values instead of being parsed and planned again.
/// </summary>
/// <remarks>Not thread-safe: one store call or one unit of work uses a session at a time.</remarks>
internal sealed class SqlSession
{
    // Every store's SQL is a few dozen fixed texts; texts built per call (lists, multi-row inserts) have a few shapes
    // each. Past this many, statements are not kept, so a caller with unbounded shapes cannot grow the cache.
    private const int MaxPreparedStatements = 256;

    private readonly Dictionary<string, DbCommand> _prepared = new(StringComparer.Ordinal);

    public SqlSession(DbConnection connection)
    {
        Connection = connection;
    }

    /// <summary>Gets the open connection.</summary>
    public DbConnection Connection { get; }

    /// <summary>Gets a command for <paramref name="sql"/> bound to the given values, in <paramref name="transaction"/> when given.</summary>
    /// <remarks>Finish with the command (and any reader it returned) before running the same SQL again in this session.</remarks>
    public DbCommand Command(string sql, SqlParameters parameters, DbTransaction? transaction = null)
    {
        if (!_prepared.TryGetValue(sql, out var command))
        {
            command = Connection.CreateCommand();
            command.CommandText = sql;
            if (_prepared.Count < MaxPreparedStatements)
            {
                _prepared.Add(sql, command);
            }
        }

        command.Transaction = transaction;
        parameters.BindTo(command);
        return command;
    }

    /// <summary>Gets a value indicating whether the session was found to reach a database that is no longer the configured one.</summary>
    public bool IsDiscarded { get; private set; }

    /// <summary>Gets whether the session may be lent again: open, not left inside a transaction, not discarded.</summary>
    public bool IsReusable(RelationalDialect dialect) => !IsDiscarded && Connection.State == ConnectionState.Open && dialect.IsInTransaction(Connection) != true;

    /// <summary>Marks the session to be closed when it is given back instead of being lent again.</summary>
    public void Discard() => IsDiscarded = true;

    /// <summary>Disposes the kept statements and closes the connection.</summary>
    public async ValueTask CloseAsync()
    {
        foreach (var command in _prepared.Values)
        {
            await command.DisposeAsync().ConfigureAwait(false);
        }

        _prepared.Clear();
        await Connection.DisposeAsync().ConfigureAwait(false);
    }

    /// <inheritdoc cref="CloseAsync"/>
    public void Close()
    {
        foreach (var command in _prepared.Values)
        {
            command.Dispose();
        }

        _prepared.Clear();
        Connection.Dispose();
    }
}
