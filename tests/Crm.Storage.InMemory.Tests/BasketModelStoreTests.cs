using Crm.Baskets;
using Crm.Testing.Conformance;

namespace Crm.Storage.InMemory.Tests;

public sealed class InMemoryBasketModelStoreTests : BasketModelStoreConformanceTests
{
    private readonly InMemoryDatabase _database = new(Currency.CNY);

    protected override Task<IBasketModelStore> CreateStoreAsync() => Task.FromResult<IBasketModelStore>(new InMemoryBasketModelStore(_database));
}
