using Crm.Feedback;
using Crm.Testing.Conformance;

namespace Crm.Storage.InMemory.Tests;

public sealed class InMemoryFeedbackStoreTests : FeedbackStoreConformanceTests
{
    private readonly InMemoryDatabase _database = new(Currency.CNY);

    protected override Task<IFeedbackStore> CreateStoreAsync() => Task.FromResult<IFeedbackStore>(new InMemoryFeedbackStore(_database));

    protected override Task<IStoreUnitOfWorkFactory> CreateUnitOfWorkFactoryAsync() => Task.FromResult<IStoreUnitOfWorkFactory>(_database);
}
