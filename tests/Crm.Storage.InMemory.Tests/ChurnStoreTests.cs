using Crm.Churn;
using Crm.Testing.Conformance;

namespace Crm.Storage.InMemory.Tests;

public sealed class InMemoryChurnStoreTests : ChurnStoreConformanceTests
{
    private readonly InMemoryDatabase _database = new(Currency.CNY);

    protected override Task<IChurnStore> CreateStoreAsync() => Task.FromResult<IChurnStore>(new InMemoryChurnStore(_database));
}
