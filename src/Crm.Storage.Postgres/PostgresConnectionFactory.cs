using System.Data.Common;
using Crm.Storage.Relational;
using Npgsql;

namespace Crm.Storage.Postgres;

/// <summary>Opens connections through one <see cref="NpgsqlDataSource"/>, with statements prepared automatically unless the connection string says otherwise.</summary>
internal sealed class PostgresConnectionFactory : IRelationalConnectionFactory, IAsyncDisposable, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;

    public PostgresConnectionFactory(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);

        // The stores run a few dozen distinct statements over and over: prepared once per connection, each is then
        // bound and run without being parsed and planned again. A host that sets these in the connection string wins.
        var settings = builder.ConnectionStringBuilder;
        if (!connectionString.Contains("Max Auto Prepare", StringComparison.OrdinalIgnoreCase))
        {
            settings.MaxAutoPrepare = 128;
            settings.AutoPrepareMinUsages = 2;
        }

        // The stores' statements are key look-ups and keyed writes, whose generic plans are as good as any: planned once per
        // connection instead of at each run (a custom plan of a look-up by a list of keys costs more than running it). A
        // startup option, so it outlasts the reset of a connection given back to the pool.
        if (!(settings.Options ?? string.Empty).Contains("plan_cache_mode", StringComparison.Ordinal))
        {
            settings.Options = ((settings.Options ?? string.Empty) + " -c plan_cache_mode=force_generic_plan").Trim();
        }

        // Every statement of the stores is a look-up, a keyset page or a write by key. A prepared statement keeps the plan
        // made when it was prepared, and on a table that was small then (a new database, an import's first minutes) that
        // plan is a sequential scan, which the table then outgrows until the next analyze. With sequential scans off,
        // the planner takes the key's index whatever the table's size; it still scans a table where no index serves.
        if (!(settings.Options ?? string.Empty).Contains("enable_seqscan", StringComparison.Ordinal))
        {
            settings.Options = ((settings.Options ?? string.Empty) + " -c enable_seqscan=off").Trim();
        }

        // A connection given back to the pool is reset before its next use (a dozen statements sent with the next command).
        // The stores change no session state (their advisory lock is a transaction's), so there is nothing to reset.
        if (!connectionString.Contains("No Reset On Close", StringComparison.OrdinalIgnoreCase))
        {
            settings.NoResetOnClose = true;
        }

        _dataSource = builder.Build();
    }

    public async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    public void Dispose() => _dataSource.Dispose();
}
