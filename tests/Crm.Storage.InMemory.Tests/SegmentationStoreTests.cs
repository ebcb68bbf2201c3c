using Crm.Segmentation;
using Crm.Testing.Conformance;
using NodaTime;

namespace Crm.Storage.InMemory.Tests;

public sealed class InMemorySegmentStoreTests : SegmentStoreConformanceTests
{
    private readonly InMemoryDatabase _database = new(Currency.CNY);

    protected override Task<ISegmentStore> CreateStoreAsync() => Task.FromResult<ISegmentStore>(new InMemorySegmentStore(_database));
}

/// <summary>The in-memory adapter has no push-down (the manager computes inputs from metrics); the suite runs against that reference computation.</summary>
public sealed class InMemorySegmentInputStoreTests : SegmentInputStoreConformanceTests
{
    protected override Task<(IActivityStore Activity, ISegmentInputStore Inputs)> CreateStoresAsync()
    {
        var activity = new InMemoryActivityStore(new InMemoryDatabase(Currency.CNY));
        return Task.FromResult<(IActivityStore, ISegmentInputStore)>((activity, new MetricsInputs(activity)));
    }

    private sealed class MetricsInputs(IActivityStore activity) : ISegmentInputStore
    {
        public async Task<IReadOnlyList<RfmInput>> ListRfmInputsAsync(CustomerId? after, int limit, YearMonth firstMonth, YearMonth lastMonth, CancellationToken cancellationToken = default) =>
            [.. (await activity.ListMetricsAsync(after, limit, cancellationToken)).Select(m =>
                new RfmInput(m.CustomerId, m.FirstPurchaseAt, m.LastPurchaseAt, m.PurchasesBetween(firstMonth, lastMonth), m.SpendBetween(firstMonth, lastMonth)))];
    }
}
