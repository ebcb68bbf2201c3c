using System.Globalization;
using Crm.Internal;
using Crm.Segmentation.Internal;

namespace Crm.Segmentation;

/// <summary>
/// Matches when the customer was assigned a segment earlier in the same evaluation (<c>"kind": "segment"</c>): an R×F segment, a value
/// or frequency tier (<c>value-high</c>), a preference, a lifecycle stage or an earlier rule.
/// </summary>
public sealed class InSegmentPredicate : SegmentPredicate
{
    /// <summary>Gets the segment name.</summary>
    public required string Segment { get; init; }

    internal override void Validate(string path) => SegmentationPolicy.ValidateName(Segment, path + ".segment");

    internal override bool Evaluate(SegmentFacts facts) => facts.Has(Segment);

    internal override string Describe(SegmentFacts facts, CultureInfo culture) => TextCatalog.Package.Format(culture, "Rule.InSegment", Segment);
}
