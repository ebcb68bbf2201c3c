using Microsoft.Extensions.DependencyInjection;

namespace Crm.Storage.Postgres.Tests;

/// <summary>The database named by CRM_PG_CONNECTION, shared by all tests (they use fresh ids), registered as a host registers it.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    public const string Variable = "CRM_PG_CONNECTION";

    public const string Reason = "the PostgreSQL adapter tests need a server; run `bash .ci/pg.sh start` and export CRM_PG_CONNECTION with the connection string it prints (.ci/run does this).";

    private ServiceProvider? _services;

    public static string ConnectionString => Environment.GetEnvironmentVariable(Variable) ?? throw new InvalidOperationException($"{Variable} is not set.");

    public ServiceProvider Services => _services ?? throw new InvalidOperationException("The fixture is not initialised.");

    public IStoreUnitOfWorkFactory Units => Services.GetRequiredService<IStoreUnitOfWorkFactory>();

    public T Store<T>()
        where T : notnull => Services.GetRequiredService<T>();

    public Task InitializeAsync()
    {
        // Without the variable every test of the class is reported as skipped by [ConformanceFact]; build nothing.
        if (!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(Variable)))
        {
            _services = Build(ConnectionString);
        }

        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
    }

    /// <summary>A host's registration of the adapter, with every package installed (so units read ahead for all of them).</summary>
    public static ServiceProvider Build(string connectionString, Action<ICrmBuilder>? packages = null)
    {
        var services = new ServiceCollection();
        var builder = services.AddCrm(o => { o.Currency = Currency.CNY; o.TimeZone = Crm.TestUtils.TestCrm.Shanghai; });
        packages?.Invoke(builder);
        builder.UsePostgresStorage(o => o.ConnectionString = connectionString);
        return services.BuildServiceProvider();
    }
}
