namespace Crm.Points;

/// <summary>Multiplies the points of members of one tier, read through <see cref="ICustomerTierProvider"/> (so it works without Crm.Membership).</summary>
public sealed class TierMultiplier : EarnMultiplier
{
    /// <summary>Gets the tier's name (ordinal, case-sensitive).</summary>
    public required string Tier { get; init; }

    /// <summary>Gets the factor (above 0, at most 100).</summary>
    public required decimal Factor { get; init; }

    internal override decimal FactorFor(in EarnScope scope) =>
        scope.Tier is { } tier && string.Equals(tier.Name, Tier, StringComparison.Ordinal) ? Factor : 1m;

    private protected override string Describe(System.Globalization.CultureInfo culture) => Texts.Format(culture, "Earn.Tier", Tier, Format(Factor, culture));

    internal override (string Field, string Message)? Check() =>
        string.IsNullOrWhiteSpace(Tier) ? ("tier", "A tier multiplier needs a tier name.") : CheckFactor(Factor);
}
