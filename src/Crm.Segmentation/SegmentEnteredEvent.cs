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
    : CrmEvent(CustomerId, OccurredAt, EventId);
