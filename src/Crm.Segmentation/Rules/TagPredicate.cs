using System.Globalization;
using Crm.Internal;
using Crm.Segmentation.Internal;

namespace Crm.Segmentation;

/// <summary>Matches when the customer's profile has a tag (<c>"kind": "tag"</c>, ordinal comparison).</summary>
public sealed class TagPredicate : SegmentPredicate
{
    /// <summary>Gets the tag.</summary>
    public required string Tag { get; init; }

    internal override bool NeedsProfile => true;

    internal override void Validate(string path)
    {
        if (string.IsNullOrWhiteSpace(Tag))
        {
            throw SegmentationPolicy.Invalid(path + ".tag", "A tag condition needs a tag.");
        }
    }

    internal override bool Evaluate(SegmentFacts facts) => facts.Profile?.Tags.Contains(Tag, StringComparer.Ordinal) == true;

    internal override string Describe(SegmentFacts facts, CultureInfo culture) => TextCatalog.Package.Format(culture, "Rule.Tag", Tag);
}
