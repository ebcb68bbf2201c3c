using NodaTime;

namespace Crm.Churn;

/// <summary>Raised through <see cref="ICrmEventSink"/> when a win-back action runs, for the host to send its message on <see cref="Channels"/>.</summary>
/// <param name="CustomerId">The customer.</param>
/// <param name="OccurredAt">When the action ran.</param>
/// <param name="EventId">The action's idempotency key, <c>churn:{customer}:{episode}:{level}</c>.</param>
/// <param name="Level">The level that triggered it.</param>
/// <param name="Channels">The action's channels the customer consented to (never empty).</param>
/// <param name="CouponTemplateId">The coupon template of a coupon action, or <see langword="null"/>.</param>
/// <param name="CouponId">The coupon issued, or <see langword="null"/> for a message action or when no <see cref="ICouponIssuer"/> is registered (the host then issues it).</param>
/// <param name="MessageTemplateId">The host's message template, or <see langword="null"/>.</param>
public sealed record WinBackEvent(
    CustomerId CustomerId,
    Instant OccurredAt,
    string EventId,
    ChurnLevel Level,
    ContactChannels Channels,
    string? CouponTemplateId,
    string? CouponId,
    string? MessageTemplateId)
    : CrmEvent(CustomerId, OccurredAt, EventId);
