using Crm.Testing.Conformance;
using Crm.TestUtils;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Storage.Sqlite.Tests;

public sealed class SqliteCustomerIdentifierStoreTests(SqliteFixture fixture) : CustomerIdentifierStoreConformanceTests, IClassFixture<SqliteFixture>, IAsyncLifetime
{
    private readonly List<ServiceProvider> _providers = [];

    protected override Task<ICustomerIdentifierStore> CreateStoreAsync() => Task.FromResult(fixture.Store<ICustomerIdentifierStore>());

    /// <summary>Four registrations of the same file, each with its own connections: what four processes would have.</summary>
    protected override Task<IReadOnlyList<ICustomerIdentifierStore>> CreateIndependentStoresAsync()
    {
        for (var i = 0; i < 4; i++)
        {
            var services = new ServiceCollection();
            services.AddCrm(o => { o.Currency = Currency.CNY; o.TimeZone = TestCrm.Shanghai; }).UseSqliteStorage(o => o.ConnectionString = fixture.ConnectionString);
            _providers.Add(services.BuildServiceProvider());
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

public sealed class SqliteIdentifierScenarioTests(SqliteFixture fixture) : IClassFixture<SqliteFixture>
{
    [Fact]
    public async Task ParallelLinks_OnePhoneTo100Customers_ExactlyOneWins()
    {
        await IdentifierScenarios.ParallelLinksOfOnePhoneAsync(b => b.UseSqliteStorage(o => o.ConnectionString = fixture.ConnectionString));
    }
}
