using NodaTime;

namespace Crm.Segmentation;

/// <summary>Raised when a run puts a customer in a segment they were not in before.</summary>
/// <param name="CustomerId">The customer.</param>
/// <param name="OccurredAt">The run's as-of instant.</param>
/// <param name="EventId">Stable per run, customer and segment (<c>segment:{run}:{customer}:enter:{segment}</c>).</param>
/// <param name="Segment">The segment.</param>
/// <param name="RunId">The run.</param>
/// <param name="Explanation">Why the customer is in it.</param>
public sealed record SegmentEnteredEvent(CustomerId CustomerId, Instant OccurredAt, string EventId, string Segment, string RunId, string Explanation)
    : CrmEvent(CustomerId, OccurredAt, EventId)
{
    private readonly SegmentAssignment? _assignment;
    private string? _explanation = Explanation;

    internal SegmentEnteredEvent(CustomerId customerId, Instant occurredAt, string eventId, string runId, SegmentAssignment assignment)
        : this(customerId, occurredAt, eventId, assignment.Segment, runId, (string)null!)
    {
        _assignment = assignment;
    }

    /// <summary>Gets why the customer is in the segment.</summary>
    public string Explanation
    {
        get => _explanation ??= _assignment!.Explanation;
        init => _explanation = value;
    }

    /// <inheritdoc />
    public bool Equals(SegmentEnteredEvent? other) =>
        other is not null && base.Equals(other) && Segment == other.Segment && RunId == other.RunId && Explanation == other.Explanation;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), Segment, RunId);
}
