namespace Crm.Membership;

/// <summary>A benefit granted every period to each member of a tier, such as two coupons each month.</summary>
public sealed class PeriodicGrant
{
    /// <summary>Gets the coupon template to issue.</summary>
    public required string CouponTemplateId { get; init; }

    /// <summary>Gets how many coupons to issue each period.</summary>
    /// <value>The default value is 1.</value>
    public int Count { get; init; } = 1;

    /// <summary>Gets the period.</summary>
    /// <value>The default value is <see cref="GrantPeriod.Monthly"/>.</value>
    public GrantPeriod Period { get; init; } = GrantPeriod.Monthly;
}
