using Crm.Testing;
using Crm.Testing.Conformance;
using Crm.TestUtils;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Storage.Postgres.Tests;

[RequiresEnvironmentVariable(PostgresFixture.Variable, PostgresFixture.Reason)]
public sealed class PostgresCustomerIdentifierStoreTests(PostgresFixture fixture) : CustomerIdentifierStoreConformanceTests, IClassFixture<PostgresFixture>, IAsyncLifetime
{
    private readonly List<ServiceProvider> _providers = [];

    protected override Task<ICustomerIdentifierStore> CreateStoreAsync() => Task.FromResult(fixture.Store<ICustomerIdentifierStore>());

    /// <summary>Four registrations of the database, each with its own connection pool: nothing in the process orders their writes, only the unique key.</summary>
    protected override Task<IReadOnlyList<ICustomerIdentifierStore>> CreateIndependentStoresAsync()
    {
        for (var i = 0; i < 4; i++)
        {
            _providers.Add(PostgresFixture.Build(PostgresFixture.ConnectionString));
        }

        return Task.FromResult<IReadOnlyList<ICustomerIdentifierStore>>([.. _providers.Select(p => p.GetRequiredService<ICustomerIdentifierStore>())]);
    }

    protected override Task<IStoreUnitOfWorkFactory?> CreateUnitOfWorkFactoryAsync() => Task.FromResult<IStoreUnitOfWorkFactory?>(fixture.Units);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var provider in _providers)
        {
            await provider.DisposeAsync();
        }
    }
}

[RequiresEnvironmentVariable(PostgresFixture.Variable, PostgresFixture.Reason)]
public sealed class PostgresIdentifierScenarioTests
{
    [ConformanceFact]
    public async Task ParallelLinks_OnePhoneTo100Customers_ExactlyOneWins()
    {
        await IdentifierScenarios.ParallelLinksOfOnePhoneAsync(b => b.UsePostgresStorage(o => o.ConnectionString = PostgresFixture.ConnectionString));
    }
}
