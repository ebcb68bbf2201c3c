using System.Reflection;
using Crm.Storage.InMemory;
using Crm.Testing;
using Crm.Testing.Conformance;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Xunit;

namespace Crm.Storage.InMemory.Tests;

// Each test class instance (one per test) has a database of its own; every store and unit of a test shares it.
public sealed class InMemoryActivityStoreTests : ActivityStoreConformanceTests
{
    private readonly InMemoryDatabase _database = new(Currency.CNY);

    protected override Task<IActivityStore> CreateStoreAsync() => Task.FromResult<IActivityStore>(new InMemoryActivityStore(_database));
}

public sealed class InMemoryCustomerStoreTests : CustomerStoreConformanceTests
{
    private readonly InMemoryDatabase _database = new(Currency.CNY);

    protected override Task<ICustomerStore> CreateStoreAsync() => Task.FromResult<ICustomerStore>(new InMemoryCustomerStore(_database));
}

public sealed class InMemoryMembershipStoreTests : MembershipStoreConformanceTests
{
    private readonly InMemoryDatabase _database = new(Currency.CNY);

    protected override Task<Membership.IMembershipStore> CreateStoreAsync() => Task.FromResult<Membership.IMembershipStore>(new InMemoryMembershipStore(_database));
}

public sealed class InMemoryUnitOfWorkTests : UnitOfWorkConformanceTests
{
    private readonly InMemoryDatabase _database = new(Currency.CNY);

    protected override Task<IStoreUnitOfWorkFactory> CreateUnitOfWorkFactoryAsync() => Task.FromResult<IStoreUnitOfWorkFactory>(_database);

    /// <summary>The stores a host resolves and the units read and write one database: a unit's commit is seen by the resolved store, and a resolved store's write by the next unit.</summary>
    [Fact]
    public async Task UseInMemoryStorage_ResolvedStoresAndUnits_ShareOneDatabase()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IClock>(new NodaTime.Testing.FakeClock(Instant.FromUtc(2026, 6, 1, 0, 0)));
        services.AddCrm(o => { o.Currency = Currency.CNY; o.TimeZone = DateTimeZoneProviders.Tzdb["Asia/Shanghai"]; }).UseInMemoryStorage();
        await using var provider = services.BuildServiceProvider();
        var units = provider.GetRequiredService<IStoreUnitOfWorkFactory>();
        var customers = provider.GetRequiredService<ICustomerStore>();
        var id = new CustomerId("shared-1");

        Assert.Same(provider.GetRequiredService<InMemoryDatabase>(), units);
        await using (var unit = await units.BeginAsync())
        {
            await unit.GetStore<ICustomerStore>().CreateAsync(new CustomerProfile { Id = id, JoinedAt = Instant.FromUtc(2026, 1, 1, 0, 0) });
            Assert.Null(await customers.FindAsync(id));
            await unit.CommitAsync();
        }

        var found = await customers.FindAsync(id);
        Assert.Equal(1, found!.Version);
        await customers.UpdateAsync(found with { Name = "Li Lei" }, 1);
        await using var reader = await units.BeginAsync();
        Assert.Equal("Li Lei", (await reader.GetStore<ICustomerStore>().FindAsync(id))!.Name);
    }
}

public sealed class InMemoryComplianceTests : CrmComplianceTestBase
{
    protected override Assembly TargetAssembly => typeof(InMemoryComplianceTests).Assembly;
}
