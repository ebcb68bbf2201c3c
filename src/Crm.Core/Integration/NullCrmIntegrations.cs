using NodaTime;

namespace Crm.Internal;

/// <summary>The defaults when no package or host provides tiers, segments, points, recommendations or an event sink.</summary>
internal sealed class NullCrmIntegrations : ICustomerTierProvider, ICustomerSegmentProvider, ICrmEventSink, ICustomerPointsReader, ICustomerRecommendationProvider
{
    public ValueTask<CustomerTier?> GetTierAsync(CustomerId customerId, Instant asOf, IStoreUnitOfWork? unitOfWork = null, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<CustomerTier?>(null);

    public ValueTask<IReadOnlyCollection<string>> GetSegmentsAsync(CustomerId customerId, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IReadOnlyCollection<string>>([]);

    public ValueTask<PointAmount> GetPointsEarnedAsync(CustomerId customerId, Instant from, Instant to, IStoreUnitOfWork? unitOfWork = null, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(PointAmount.Zero);

    public ValueTask<PointAmount?> GetAvailablePointsAsync(CustomerId customerId, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<PointAmount?>(null);

    public ValueTask<IReadOnlyCollection<string>> GetRecommendedItemsAsync(CustomerId customerId, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IReadOnlyCollection<string>>([]);

    public ValueTask PublishAsync(CrmEvent crmEvent, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
}
