namespace Crm.Coupons;

/// <summary>A percentage off the eligible items, with an optional cap ("15% off, at most 20.00 CNY").</summary>
public sealed class PercentOffBenefit : CouponBenefit
{
    /// <summary>Gets the percentage off, above 0 and at most 100 (15 for 15% off).</summary>
    public required decimal Percent { get; init; }

    /// <summary>Gets the largest discount, or <see langword="null"/> for no cap.</summary>
    public Money? MaxDiscount { get; init; }

    /// <inheritdoc />
    public override bool IsPercentage => true;
}
