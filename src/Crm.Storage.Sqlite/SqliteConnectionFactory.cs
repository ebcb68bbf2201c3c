using System.Data.Common;
using Crm.Storage.Relational;
using Microsoft.Data.Sqlite;

namespace Crm.Storage.Sqlite;

/// <summary>Opens connections to one SQLite file. Microsoft.Data.Sqlite's own pool is off: the relational stores keep their open sessions themselves.</summary>
internal sealed class SqliteConnectionFactory(string connectionString) : IRelationalConnectionFactory
{
    private readonly string _connectionString = new SqliteConnectionStringBuilder(connectionString) { Pooling = false, DefaultTimeout = 60 }.ToString();

    public async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
