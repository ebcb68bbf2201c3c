namespace Crm.Coupons;

/// <summary>
/// The N-th item at a percentage off ("second cup half price"): eligible items are ranked from dearest to cheapest,
/// and every N-th of them (the cheaper of each pair, for N = 2) gets the discount.
/// </summary>
/// <remarks>Only lines with a whole quantity count as items.</remarks>
public sealed class NthItemBenefit : CouponBenefit
{
    /// <summary>Gets N; at least 2.</summary>
    public required int N { get; init; }

    /// <summary>Gets the percentage off the N-th item, above 0 and at most 100 (50 for half price).</summary>
    public required decimal Percent { get; init; }

    /// <inheritdoc />
    public override bool IsPercentage => true;
}
