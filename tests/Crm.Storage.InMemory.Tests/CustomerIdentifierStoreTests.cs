using Crm.Testing.Conformance;

namespace Crm.Storage.InMemory.Tests;

public sealed class InMemoryCustomerIdentifierStoreTests : CustomerIdentifierStoreConformanceTests
{
    private readonly InMemoryDatabase _database = new(Currency.CNY);

    protected override Task<ICustomerIdentifierStore> CreateStoreAsync() => Task.FromResult<ICustomerIdentifierStore>(new InMemoryCustomerIdentifierStore(_database));

    protected override Task<IStoreUnitOfWorkFactory?> CreateUnitOfWorkFactoryAsync() => Task.FromResult<IStoreUnitOfWorkFactory?>(_database);
}
