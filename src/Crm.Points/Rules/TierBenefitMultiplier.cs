namespace Crm.Points;

/// <summary>Applies the points multiplier of the member's tier benefits (<see cref="CustomerTier.PointsMultiplier"/>), whatever the tier.</summary>
public sealed class TierBenefitMultiplier : EarnMultiplier
{
    internal override decimal FactorFor(in EarnScope scope) => scope.Tier is { PointsMultiplier: > 0m } tier ? tier.PointsMultiplier : 1m;

    private protected override string Describe(System.Globalization.CultureInfo culture) => Texts.Get(culture, "Earn.TierBenefit");

    internal override (string Field, string Message)? Check() => null;
}
