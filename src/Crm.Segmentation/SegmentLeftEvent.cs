using NodaTime;

namespace Crm.Segmentation;

/// <summary>Raised when a run takes a customer out of a segment they were in.</summary>
/// <param name="CustomerId">The customer.</param>
/// <param name="OccurredAt">The run's as-of instant.</param>
/// <param name="EventId">Stable per run, customer and segment (<c>segment:{run}:{customer}:leave:{segment}</c>).</param>
/// <param name="Segment">The segment.</param>
/// <param name="RunId">The run.</param>
public sealed record SegmentLeftEvent(CustomerId CustomerId, Instant OccurredAt, string EventId, string Segment, string RunId)
    : CrmEvent(CustomerId, OccurredAt, EventId);
