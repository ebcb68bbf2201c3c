using NodaTime;

namespace Crm.Feedback;

/// <summary>A complaint ticket is past an SLA, found by <see cref="FeedbackManager.PublishSlaBreachesAsync"/>.</summary>
/// <param name="CustomerId">The customer who complained.</param>
/// <param name="OccurredAt">When the stage was due.</param>
/// <param name="EventId"><c>sla-breached:</c>, the ticket id, the stage and the ticket's reopen count, so each breach is one event however often the sweep runs.</param>
/// <param name="Breach">The breach.</param>
public sealed record SlaBreachedEvent(CustomerId CustomerId, Instant OccurredAt, string EventId, SlaBreach Breach) : CrmEvent(CustomerId, OccurredAt, EventId);
