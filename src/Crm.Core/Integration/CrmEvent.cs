using NodaTime;

namespace Crm;

/// <summary>
/// Something a package decided that the host may want to act on: a tier change, a segment entered, a win-back message to send.
/// Packages derive their own event records; hosts receive them through <see cref="ICrmEventSink"/>.
/// </summary>
/// <param name="CustomerId">The customer the event is about.</param>
/// <param name="OccurredAt">When the decision was made.</param>
/// <param name="EventId">A stable id for the event (derived from the decision's idempotency key), so a host can drop duplicates after a replay.</param>
public abstract record CrmEvent(CustomerId CustomerId, Instant OccurredAt, string EventId);
