using Crm.Coupons;
using Crm.Storage.InMemory;
using Crm.Testing.Conformance;

namespace Crm.Storage.InMemory.Tests;

public sealed class InMemoryCouponStoreTests : CouponStoreConformanceTests
{
    private readonly InMemoryDatabase _database = new(Currency.CNY);

    protected override Task<ICouponStore> CreateStoreAsync() => Task.FromResult<ICouponStore>(new InMemoryCouponStore(_database));
}
