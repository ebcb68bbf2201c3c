using System.Globalization;
using Crm.Internal;
using Crm.Segmentation.Internal;

namespace Crm.Segmentation;

/// <summary>Matches when every one of <see cref="Rules"/> matches (<c>"kind": "and"</c>).</summary>
public sealed class AndPredicate : SegmentPredicate
{
    /// <summary>Gets the conditions, at least one.</summary>
    public required IReadOnlyList<SegmentPredicate> Rules { get; init; }

    internal override bool NeedsProfile => Rules.Any(r => r.NeedsProfile);

    internal override bool NeedsTier => Rules.Any(r => r.NeedsTier);

    internal override void Validate(string path) => PredicateChecks.ValidateList(Rules, path);

    internal override IEnumerable<(SegmentPredicate Predicate, string Path)> Walk(string path) => PredicateChecks.WalkList(this, Rules, path);

    internal override bool Evaluate(SegmentFacts facts)
    {
        foreach (var rule in Rules)
        {
            if (!rule.Evaluate(facts))
            {
                return false;
            }
        }

        return true;
    }

    internal override string Describe(SegmentFacts facts, CultureInfo culture) =>
        TextCatalog.Package.Format(culture, "Rule.Group", string.Join(TextCatalog.Package.Get(culture, "Rule.And"), Rules.Select(r => r.Describe(facts, culture))));
}
