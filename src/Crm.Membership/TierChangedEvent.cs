using NodaTime;

namespace Crm.Membership;

/// <summary>Raised through <see cref="ICrmEventSink"/> when a member's tier changes (to congratulate, or to explain a drop).</summary>
/// <param name="CustomerId">The member.</param>
/// <param name="OccurredAt">When.</param>
/// <param name="EventId">The change's idempotency key.</param>
/// <param name="Change">The history entry.</param>
public sealed record TierChangedEvent(CustomerId CustomerId, Instant OccurredAt, string EventId, TierChange Change)
    : CrmEvent(CustomerId, OccurredAt, EventId);
