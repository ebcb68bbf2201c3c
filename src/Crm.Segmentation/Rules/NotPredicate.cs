using System.Globalization;
using Crm.Internal;
using Crm.Segmentation.Internal;

namespace Crm.Segmentation;

/// <summary>Matches when <see cref="Rule"/> does not (<c>"kind": "not"</c>).</summary>
public sealed class NotPredicate : SegmentPredicate
{
    /// <summary>Gets the negated condition.</summary>
    public required SegmentPredicate Rule { get; init; }

    internal override bool NeedsProfile => Rule.NeedsProfile;

    internal override bool NeedsTier => Rule.NeedsTier;

    internal override void Validate(string path)
    {
        if (Rule is null)
        {
            throw SegmentationPolicy.Invalid(path + ".rule", "'not' needs a rule.");
        }

        Rule.Validate(path + ".rule");
    }

    internal override IEnumerable<(SegmentPredicate Predicate, string Path)> Walk(string path) => [(this, path), .. Rule.Walk(path + ".rule")];

    internal override bool Evaluate(SegmentFacts facts) => !Rule.Evaluate(facts);

    internal override string Describe(SegmentFacts facts, CultureInfo culture) => TextCatalog.Package.Format(culture, "Rule.Not", Rule.Describe(facts, culture));
}
