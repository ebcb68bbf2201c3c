using NodaTime;

namespace Crm.Points;

/// <summary>Raised by <see cref="PointsManager.ExpireAsync"/> for each customer whose points expired, so the host can tell them.</summary>
/// <param name="CustomerId">The customer.</param>
/// <param name="OccurredAt">The as-of instant of the expiry run.</param>
/// <param name="EventId">A stable id: <c>points:expire:{customer}:{as-of ticks}</c>.</param>
/// <param name="Points">The points that expired.</param>
public sealed record PointsExpiredEvent(CustomerId CustomerId, Instant OccurredAt, string EventId, PointAmount Points)
    : CrmEvent(CustomerId, OccurredAt, EventId);
