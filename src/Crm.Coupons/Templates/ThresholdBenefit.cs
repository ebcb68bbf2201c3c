namespace Crm.Coupons;

/// <summary>
/// An amount off once the eligible items reach a minimum ("spend 100 save 20"), or for every full minimum when
/// <see cref="Repeating"/> ("every 100 save 20").
/// </summary>
public sealed class ThresholdBenefit : CouponBenefit
{
    /// <summary>Gets the spend on eligible items that unlocks the discount (inclusive); above zero.</summary>
    public required Money Minimum { get; init; }

    /// <summary>Gets the discount; above zero and at most <see cref="Minimum"/>.</summary>
    public required Money Discount { get; init; }

    /// <summary>Gets a value indicating whether the discount repeats for every full <see cref="Minimum"/>.</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool Repeating { get; init; }
}
