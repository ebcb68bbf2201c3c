using NodaTime;

namespace Crm.Membership;

/// <summary>
/// Raised through <see cref="ICrmEventSink"/> for a benefit the host fulfils itself: every benefit when no
/// <see cref="ICouponIssuer"/> is registered.
/// </summary>
/// <param name="CustomerId">The member.</param>
/// <param name="OccurredAt">When.</param>
/// <param name="EventId">The grant's key.</param>
/// <param name="Tier">The member's tier.</param>
/// <param name="CouponTemplateId">The coupon template the benefit names.</param>
/// <param name="Reason">Why (welcome, periodic grant, birthday).</param>
public sealed record TierBenefitDueEvent(CustomerId CustomerId, Instant OccurredAt, string EventId, string Tier, string CouponTemplateId, CouponIssueReason Reason)
    : CrmEvent(CustomerId, OccurredAt, EventId);
