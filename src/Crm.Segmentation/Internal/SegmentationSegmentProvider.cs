namespace Crm.Segmentation.Internal;

/// <summary>Gives other packages (coupon targeting, churn) the segments the latest run assigned a customer.</summary>
internal sealed class SegmentationSegmentProvider(SegmentationManager manager) : ICustomerSegmentProvider
{
    public async ValueTask<IReadOnlyCollection<string>> GetSegmentsAsync(CustomerId customerId, CancellationToken cancellationToken = default) =>
        await manager.GetSegmentsAsync(customerId, cancellationToken).ConfigureAwait(false) is { } record
            ? [.. record.Assignments.Select(a => a.Segment)]
            : [];
}
