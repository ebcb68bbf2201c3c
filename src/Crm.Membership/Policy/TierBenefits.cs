namespace Crm.Membership;

/// <summary>What members of a tier get.</summary>
public sealed class TierBenefits
{
    /// <summary>Gets the points multiplier the tier grants; Crm.Points reads it through <see cref="ICustomerTierProvider"/>.</summary>
    /// <value>The default value is 1 (no extra points).</value>
    public decimal PointsMultiplier { get; init; } = 1m;

    /// <summary>Gets the coupon template issued once when a member reaches the tier, or <see langword="null"/> for none.</summary>
    public string? WelcomeCouponTemplateId { get; init; }

    /// <summary>Gets the coupon template issued once a year in the member's birthday month, or <see langword="null"/> for none.</summary>
    public string? BirthdayCouponTemplateId { get; init; }

    /// <summary>Gets the benefits granted every period.</summary>
    public IReadOnlyList<PeriodicGrant> Periodic { get; init; } = [];
}
