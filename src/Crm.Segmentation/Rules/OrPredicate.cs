using System.Globalization;
using Crm.Internal;
using Crm.Segmentation.Internal;

namespace Crm.Segmentation;

/// <summary>Matches when at least one of <see cref="Rules"/> matches (<c>"kind": "or"</c>).</summary>
public sealed class OrPredicate : SegmentPredicate
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
            if (rule.Evaluate(facts))
            {
                return true;
            }
        }

        return false;
    }

    // Only the branches that matched explain an "or".
    internal override string Describe(SegmentFacts facts, CultureInfo culture) =>
        TextCatalog.Package.Format(culture, "Rule.Group", string.Join(TextCatalog.Package.Get(culture, "Rule.Or"), Rules.Where(r => r.Evaluate(facts)).Select(r => r.Describe(facts, culture))));
}
