namespace Crm.Coupons;

/// <summary>One step of a <see cref="LadderBenefit"/>: spend at least <see cref="Minimum"/>, save <see cref="Discount"/>.</summary>
public sealed class LadderStep
{
    /// <summary>Gets the spend on eligible items that reaches the step (inclusive).</summary>
    public required Money Minimum { get; init; }

    /// <summary>Gets the discount of the step; at most <see cref="Minimum"/>.</summary>
    public required Money Discount { get; init; }
}
