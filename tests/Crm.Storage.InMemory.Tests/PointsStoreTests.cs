using Crm.Points;
using Crm.Testing.Conformance;

namespace Crm.Storage.InMemory.Tests;

public sealed class InMemoryPointsLedgerStoreTests : PointsLedgerStoreConformanceTests
{
    private readonly InMemoryDatabase _database = new(Currency.CNY);

    protected override Task<IPointsLedgerStore> CreateStoreAsync() => Task.FromResult<IPointsLedgerStore>(new InMemoryPointsLedgerStore(_database));
}
