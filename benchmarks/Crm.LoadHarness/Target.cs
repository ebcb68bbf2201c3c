using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Crm.LoadHarness;

/// <summary>A fresh database for one side of one round: a PostgreSQL database of its own, or a SQLite file in the temporary folder.</summary>
internal abstract class Target : IAsyncDisposable
{
    public abstract string Name { get; }

    public static async Task<Target> CreateAsync(string kind, string label)
    {
        Target target = kind switch
        {
            "pg" => new PostgresTarget(Environment.GetEnvironmentVariable("CRM_PG_CONNECTION") ?? throw new InvalidOperationException("Set CRM_PG_CONNECTION (see README.md)."), label),
            "sqlite" => new SqliteTarget(label),
            _ => throw new ArgumentException($"Unknown database '{kind}': pg or sqlite."),
        };
        await target.CreateAsync().ConfigureAwait(false);
        return target;
    }

    /// <summary>Registers the library's adapter for this database.</summary>
    public abstract void Use(ICrmBuilder builder);

    /// <summary>Opens a plain connection for the raw side.</summary>
    public abstract Task<DbConnection> OpenRawAsync();

    public abstract ValueTask DisposeAsync();

    protected abstract Task CreateAsync();

    private sealed class PostgresTarget(string admin, string label) : Target
    {
        private readonly string _database = $"crm_harness_{label}_{Guid.NewGuid():N}"[..40];

        private string ConnectionString => new NpgsqlConnectionStringBuilder(admin) { Database = _database }.ConnectionString;

        public override string Name => "PostgreSQL";

        public override void Use(ICrmBuilder builder) => builder.UsePostgresStorage(o => o.ConnectionString = ConnectionString);

        public override async Task<DbConnection> OpenRawAsync()
        {
            // Prepared on their second use, as the library's adapter prepares them.
            var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { MaxAutoPrepare = 128, AutoPrepareMinUsages = 2 }.ConnectionString);
            await connection.OpenAsync().ConfigureAwait(false);
            return connection;
        }

        public override async ValueTask DisposeAsync()
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(admin);
            await connection.OpenAsync().ConfigureAwait(false);
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        protected override async Task CreateAsync()
        {
            await using var connection = new NpgsqlConnection(admin);
            await connection.OpenAsync().ConfigureAwait(false);
            await using var command = new NpgsqlCommand($"CREATE DATABASE {_database}", connection);
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
    }

    private sealed class SqliteTarget(string label) : Target
    {
        private readonly string _path = Path.Combine(Path.GetTempPath(), $"crm-harness-{label}-{Guid.NewGuid():N}.db");

        public override string Name => "SQLite";

        public override void Use(ICrmBuilder builder) => builder.UseSqliteStorage(o => o.ConnectionString = $"Data Source={_path}");

        public override async Task<DbConnection> OpenRawAsync()
        {
            var connection = new SqliteConnection($"Data Source={_path};Pooling=False;Default Timeout=60");
            await connection.OpenAsync().ConfigureAwait(false);
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = "PRAGMA busy_timeout = 60000; PRAGMA synchronous = NORMAL; PRAGMA temp_store = MEMORY; PRAGMA cache_size = -32768;";
            await pragma.ExecuteNonQueryAsync().ConfigureAwait(false);
            return connection;
        }

        public override ValueTask DisposeAsync()
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { string.Empty, "-wal", "-shm" })
            {
                File.Delete(_path + suffix);
            }

            return ValueTask.CompletedTask;
        }

        protected override Task CreateAsync() => Task.CompletedTask;
    }
}
