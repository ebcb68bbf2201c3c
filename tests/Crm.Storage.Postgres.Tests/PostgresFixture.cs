using Crm.Testing;

namespace Crm.Storage.Postgres.Tests;

/// <summary>The database named by CRM_PG_CONNECTION, shared by all tests (they use fresh ids).</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    public const string Variable = "CRM_PG_CONNECTION";

    public const string Reason = "the PostgreSQL adapter tests need a server; run `bash .ci/pg.sh start` and export CRM_PG_CONNECTION with the connection string it prints (.ci/run does this).";

    private PostgresDatabase? _database;

    public static string ConnectionString => Environment.GetEnvironmentVariable(Variable) ?? throw new InvalidOperationException($"{Variable} is not set.");

    internal PostgresDatabase Database => _database ?? throw new InvalidOperationException("The fixture is not initialised.");

    public Task InitializeAsync()
    {
        // Without the variable every test of the class is reported as skipped by [ConformanceFact]; build nothing.
        if (!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(Variable)))
        {
            _database = new PostgresDatabase(ConnectionString, Currency.CNY);
        }

        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}

