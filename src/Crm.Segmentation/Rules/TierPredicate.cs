using System.Globalization;
using Crm.Internal;
using Crm.Segmentation.Internal;

namespace Crm.Segmentation;

/// <summary>
/// Matches when the customer holds one of the membership tiers (<c>"kind": "tier"</c>, names compared ordinally); a customer
/// without a tier never matches. The tier is read through <see cref="ICustomerTierProvider"/> (Crm.Membership provides it), one
/// read per customer, only when a rule uses this kind; it is the tier the customer holds when the run reads it, not at the as-of.
/// </summary>
public sealed class TierPredicate : SegmentPredicate
{
    /// <summary>Gets the tier names, at least one, such as <c>["gold", "black"]</c>.</summary>
    public required IReadOnlyList<string> Tiers { get; init; }

    internal override bool NeedsTier => true;

    internal override void Validate(string path)
    {
        if (Tiers is null || Tiers.Count == 0)
        {
            throw SegmentationPolicy.Invalid(path + ".tiers", "A tier condition needs at least one tier.");
        }

        for (var i = 0; i < Tiers.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(Tiers[i]))
            {
                throw SegmentationPolicy.Invalid($"{path}.tiers[{i}]", $"Tier {i} is empty.");
            }
        }
    }

    internal override bool Evaluate(SegmentFacts facts) => facts.Tier is { } tier && Tiers.Contains(tier.Name, StringComparer.Ordinal);

    internal override string Describe(SegmentFacts facts, CultureInfo culture) => TextCatalog.Package.Format(
        culture, "Rule.Tier", facts.Tier?.Name ?? TextCatalog.Package.Get(culture, "Rule.None"), string.Join(TextCatalog.Package.Get(culture, "Rule.ListSeparator"), Tiers));
}
