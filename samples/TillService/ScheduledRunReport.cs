using Crm.Churn;
using Crm.Segmentation;
using NodaTime;

namespace Crm.Samples.TillService;

/// <summary>What one scheduled run did: the segmentation run and the churn run, at the instant of the CRM clock.</summary>
public sealed record ScheduledRunReport
{
    public required Instant AsOf { get; init; }

    public required SegmentationRunResult Segmentation { get; init; }

    public required ChurnRunResult Churn { get; init; }
}
