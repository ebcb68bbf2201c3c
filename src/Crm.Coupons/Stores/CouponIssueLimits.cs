using NodaTime;

namespace Crm.Coupons;

/// <summary>The limits <see cref="ICouponStore.IssueAsync"/> checks atomically.</summary>
/// <param name="MaxIssued">The template's issue budget, or <see langword="null"/>.</param>
/// <param name="MaxPerCustomer">The most coupons of the template the customer may be issued in the period, or <see langword="null"/>.</param>
/// <param name="PeriodStart">The start of the cap's period (inclusive), or <see langword="null"/> for no start.</param>
/// <param name="PeriodEnd">The end of the cap's period (exclusive), or <see langword="null"/> for no end.</param>
public sealed record CouponIssueLimits(int? MaxIssued, int? MaxPerCustomer, Instant? PeriodStart, Instant? PeriodEnd)
{
    /// <summary>Gets limits that limit nothing.</summary>
    public static CouponIssueLimits None { get; } = new(null, null, null, null);
}
