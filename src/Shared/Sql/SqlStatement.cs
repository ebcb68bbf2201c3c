using System.Data.Common;

namespace Crm.Storage.Sql;

/// <summary>
/// A command of a <see cref="SqlSession"/>. A statement the session keeps stays prepared after disposal, to run again
/// with new values; any other statement is disposed with its command.
/// </summary>
internal sealed class SqlStatement(DbCommand command, bool owned) : IAsyncDisposable
{
    /// <summary>Gets the underlying command.</summary>
    public DbCommand Command { get; } = command;

    public Task<object?> ExecuteScalarAsync(CancellationToken cancellationToken = default) => Command.ExecuteScalarAsync(cancellationToken);

    public Task<int> ExecuteNonQueryAsync(CancellationToken cancellationToken = default) => Command.ExecuteNonQueryAsync(cancellationToken);

    public Task<DbDataReader> ExecuteReaderAsync(CancellationToken cancellationToken = default) => Command.ExecuteReaderAsync(cancellationToken);

    public ValueTask DisposeAsync() => owned ? Command.DisposeAsync() : ValueTask.CompletedTask;

    /// <summary>Sets the transaction and the parameter values, reusing the parameter objects of the previous run.</summary>
    public void Bind(DbTransaction? transaction, (string Name, object? Value)[] parameters)
    {
        Command.Transaction = transaction;
        var collection = Command.Parameters;
        if (collection.Count != parameters.Length)
        {
            collection.Clear();
            foreach (var _ in parameters)
            {
                collection.Add(Command.CreateParameter());
            }
        }

        for (var i = 0; i < parameters.Length; i++)
        {
            SqlDatabase.SetParameter(collection[i], parameters[i].Name, parameters[i].Value);
        }
    }
}
