using Crm.Testing.Conformance;

namespace Crm.Storage.InMemory.Tests;

public sealed class InMemoryConsentStoreTests : ConsentStoreConformanceTests
{
    private readonly InMemoryDatabase _database = new(Currency.CNY);

    protected override Task<IConsentStore> CreateStoreAsync() => Task.FromResult<IConsentStore>(new InMemoryConsentStore(_database));

    protected override Task<IStoreUnitOfWorkFactory> CreateUnitOfWorkFactoryAsync() => Task.FromResult<IStoreUnitOfWorkFactory>(_database);
}
