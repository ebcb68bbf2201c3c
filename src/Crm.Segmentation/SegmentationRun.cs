using NodaTime;

namespace Crm.Segmentation;

/// <summary>The record of a run: its id and as-of instant, how far it got, and when it finished.</summary>
public sealed record SegmentationRun
{
    /// <summary>Gets the run's id, derived from its as-of instant (<c>seg-2026-06-01T00:00:00Z</c>), so a restart continues the same run.</summary>
    public required string RunId { get; init; }

    /// <summary>Gets the as-of instant.</summary>
    public required Instant AsOf { get; init; }

    /// <summary>Gets when the run first started.</summary>
    public required Instant StartedAt { get; init; }

    /// <summary>Gets the last customer whose segments were saved and whose events were published, or <see langword="null"/> before the first page.</summary>
    public CustomerId? Cursor { get; init; }

    /// <summary>Gets the number of customers whose segments were saved so far.</summary>
    public long Customers { get; init; }

    /// <summary>Gets when the run completed, or <see langword="null"/> while it has not.</summary>
    public Instant? CompletedAt { get; init; }
}
