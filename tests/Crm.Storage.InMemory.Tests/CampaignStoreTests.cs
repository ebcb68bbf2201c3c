using Crm.Campaigns;
using Crm.Testing.Conformance;

namespace Crm.Storage.InMemory.Tests;

public sealed class InMemoryCampaignStoreTests : CampaignStoreConformanceTests
{
    private readonly InMemoryDatabase _database = new(Currency.CNY);

    protected override Task<ICampaignStore> CreateStoreAsync() => Task.FromResult<ICampaignStore>(new InMemoryCampaignStore(_database));

    protected override Task<IStoreUnitOfWorkFactory> CreateUnitOfWorkFactoryAsync() => Task.FromResult<IStoreUnitOfWorkFactory>(_database);
}
