namespace Crm.Coupons;

/// <summary>Threshold steps, of which the highest reached applies ("100 save 10, 200 save 25").</summary>
public sealed class LadderBenefit : CouponBenefit
{
    /// <summary>Gets the steps, in ascending order of both minimum and discount; at least one.</summary>
    public required IReadOnlyList<LadderStep> Steps { get; init; }
}
