using System.Globalization;
using System.Text.Json.Serialization;
using NodaTime;

namespace Crm.Points;

/// <summary>
/// A multiplier of the base earn. Written in JSON with a <c>kind</c>: <c>category</c>, <c>sku</c>, <c>tier</c>,
/// <c>tierBenefit</c>, <c>memberDay</c> or <c>promotion</c>. Category and SKU multipliers apply to the matching lines;
/// the others to every earning line of the purchase. How several combine is <see cref="EarnRules.Combination"/>.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(CategoryMultiplier), "category")]
[JsonDerivedType(typeof(SkuMultiplier), "sku")]
[JsonDerivedType(typeof(TierMultiplier), "tier")]
[JsonDerivedType(typeof(TierBenefitMultiplier), "tierBenefit")]
[JsonDerivedType(typeof(MemberDayMultiplier), "memberDay")]
[JsonDerivedType(typeof(PromotionMultiplier), "promotion")]
public abstract class EarnMultiplier
{
    private protected EarnMultiplier()
    {
    }

    /// <summary>Gets an optional name for the rule, shown in explanations instead of the generated one.</summary>
    public string? Name { get; init; }

    /// <summary>The label shown in explanations, in a culture: the rule's <see cref="Name"/>, or else a generated one.</summary>
    internal string Label(CultureInfo culture) => Name ?? Describe(culture);

    /// <summary>Gets a value indicating whether the multiplier chooses lines (category, SKU) rather than applying to the whole purchase.</summary>
    internal virtual bool IsPerLine => false;

    /// <summary>Gets the package's explanation texts.</summary>
    private protected static Crm.Internal.TextCatalog Texts => Crm.Internal.TextCatalog.Package;

    /// <summary>Formats a factor without trailing zeros.</summary>
    private protected static string Format(decimal factor, CultureInfo culture) => Texts.Format(culture, "Earn.Factor", factor);

    /// <summary>Gets the factor for this purchase, or 1 (or less than 0) when it does not apply.</summary>
    internal abstract decimal FactorFor(in EarnScope scope);

    /// <summary>Determines whether a per-line multiplier applies to a line.</summary>
    internal virtual bool Matches(ActivityLine line) => true;

    /// <summary>Describes the rule for explanations.</summary>
    private protected abstract string Describe(CultureInfo culture);

    /// <summary>Checks the rule; returns a problem or <see langword="null"/>.</summary>
    internal abstract (string Field, string Message)? Check();

    /// <summary>Checks a factor.</summary>
    private protected static (string Field, string Message)? CheckFactor(decimal factor) =>
        factor is <= 0m or > 100m ? ("factor", $"The factor {factor.ToString(CultureInfo.InvariantCulture)} is out of range (above 0, at most 100).") : null;
}

/// <summary>What a purchase-level multiplier looks at: when (in local time) and who.</summary>
internal readonly struct EarnScope(Instant at, LocalDateTime local, CustomerTier? tier)
{
    public Instant At { get; } = at;

    public LocalDateTime Local { get; } = local;

    public CustomerTier? Tier { get; } = tier;
}
