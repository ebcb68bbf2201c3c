using Crm.Churn;
using Crm.Testing.Conformance;

namespace Crm.Storage.InMemory.Tests;

public sealed class InMemoryChurnStoreTests : ChurnStoreConformanceTests
{
    protected override Task<IChurnStore> CreateStoreAsync() => Task.FromResult<IChurnStore>(new InMemoryChurnStore());
}
