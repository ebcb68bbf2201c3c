using System.Globalization;
using Crm.Internal;
using Crm.Segmentation.Internal;

namespace Crm.Segmentation;

/// <summary>Matches when a category's share of all-time net spend is at least a value (<c>"kind": "categoryShare"</c>).</summary>
public sealed class CategorySharePredicate : SegmentPredicate
{
    /// <summary>Gets the category.</summary>
    public required string Category { get; init; }

    /// <summary>Gets the smallest matching share, from 0 to 1.</summary>
    public required decimal AtLeast { get; init; }

    internal override void Validate(string path)
    {
        if (string.IsNullOrWhiteSpace(Category))
        {
            throw SegmentationPolicy.Invalid(path + ".category", "A category share condition needs a category.");
        }

        if (AtLeast is < 0m or > 1m)
        {
            throw SegmentationPolicy.Invalid(path + ".atLeast", $"{AtLeast} is not a share from 0 to 1.");
        }
    }

    internal override bool Evaluate(SegmentFacts facts) => facts.ShareOf(Category) is { } share && share >= AtLeast;

    internal override string Describe(SegmentFacts facts, CultureInfo culture) => TextCatalog.Package.Format(
        culture, "Rule.CategoryShare", Category, facts.ShareOf(Category) is { } s ? decimal.Round(s, 4) : TextCatalog.Package.Get(culture, "Rule.None"), AtLeast);
}
