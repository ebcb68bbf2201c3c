namespace Crm.Coupons;

/// <summary>
/// A percentage off the eligible items ("15% off, at most 20.00 CNY"), or off some of their units
/// (<see cref="Target"/>: "50% off the cheapest item").
/// </summary>
/// <remarks>The discount is rounded to minor units with <see cref="CrmOptions.Rounding"/> (per line when targeting units).</remarks>
public sealed class PercentOffBenefit : CouponBenefit
{
    /// <summary>Gets the percentage off, above 0 and at most 100 (15 for 15% off).</summary>
    public required decimal Percent { get; init; }

    /// <summary>Gets the units the percentage applies to, or <see langword="null"/> for every eligible line (spread in proportion).</summary>
    public UnitTarget? Target { get; init; }

    /// <inheritdoc />
    public override bool IsPercentage => true;
}
