using NodaTime;

namespace Crm.Segmentation;

/// <summary>What a run did.</summary>
public sealed record SegmentationRunResult
{
    /// <summary>Gets the run's id.</summary>
    public required string RunId { get; init; }

    /// <summary>Gets the as-of instant.</summary>
    public required Instant AsOf { get; init; }

    /// <summary>Gets customers assigned by this call (a resumed run counts only what it did after resuming).</summary>
    public required long Customers { get; init; }

    /// <summary>Gets the enter events published by this call.</summary>
    public required long Entered { get; init; }

    /// <summary>Gets the leave events published by this call.</summary>
    public required long Left { get; init; }
}
