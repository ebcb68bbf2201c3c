using System.Reflection;
using Crm.Storage.InMemory;
using Crm.Testing;
using Crm.Testing.Conformance;
using Xunit;

namespace Crm.Storage.InMemory.Tests;

public sealed class InMemoryActivityStoreTests : ActivityStoreConformanceTests
{
    /// <summary>An entry whose metrics cannot be computed (here: in another currency) throws and leaves nothing behind: the next entry is sequence 1.</summary>
    [Fact]
    public async Task Append_EntryTheMetricsRefuse_WritesNothing()
    {
        var store = new InMemoryActivityStore(Currency.CNY);
        var customer = Testing.Fakes.ActivityEntries.NewCustomerId();
        var inUsd = Testing.Fakes.ActivityEntries.Purchase(Testing.Fakes.ActivityEntries.NewId("p"), customer, T0, ("coffee", 30m)) with
        {
            Amount = new Money(30m, Currency.USD),
            Lines = [new ActivityLine("1", "latte", "coffee", 1m, new Money(30m, Currency.USD))],
        };

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.AppendAsync(inUsd, null));

        Assert.Null(await store.FindEntryAsync(ActivityKind.Purchase, inUsd.Id));
        Assert.Null(await store.GetMetricsAsync(customer));
        var next = await store.AppendAsync(Testing.Fakes.ActivityEntries.Purchase(Testing.Fakes.ActivityEntries.NewId("p"), customer, T0, ("coffee", 30m)), null);
        Assert.Equal((1L, 1L), (next.Entry.Sequence, next.Metrics.Version));
        Assert.Equal([1L], (await store.GetEntriesAsync(customer, 0, 10)).Select(e => e.Sequence));
        Assert.Equal(next.Metrics, CustomerMetrics.Recompute(customer, Currency.CNY, await store.GetEntriesAsync(customer, 0, 10)));
    }

    protected override Task<IActivityStore> CreateStoreAsync() => Task.FromResult<IActivityStore>(new InMemoryActivityStore(Currency.CNY));
}

public sealed class InMemoryCustomerStoreTests : CustomerStoreConformanceTests
{
    protected override Task<ICustomerStore> CreateStoreAsync() => Task.FromResult<ICustomerStore>(new InMemoryCustomerStore());
}

public sealed class InMemoryComplianceTests : CrmComplianceTestBase
{
    protected override Assembly TargetAssembly => typeof(InMemoryComplianceTests).Assembly;
}

public sealed class InMemoryMembershipStoreTests : MembershipStoreConformanceTests
{
    protected override Task<Membership.IMembershipStore> CreateStoreAsync() => Task.FromResult<Membership.IMembershipStore>(new InMemoryMembershipStore());
}
