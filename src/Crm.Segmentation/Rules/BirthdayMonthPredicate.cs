using System.Globalization;
using Crm.Internal;
using Crm.Segmentation.Internal;

namespace Crm.Segmentation;

/// <summary>Matches when the customer's birthday falls in a month (<c>"kind": "birthdayMonth"</c>); without a month, the as-of instant's local month.</summary>
public sealed class BirthdayMonthPredicate : SegmentPredicate
{
    /// <summary>Gets the month, 1 to 12, or <see langword="null"/> for the month of the as-of instant.</summary>
    public int? Month { get; init; }

    internal override bool NeedsProfile => true;

    internal override void Validate(string path)
    {
        if (Month is < 1 or > 12)
        {
            throw SegmentationPolicy.Invalid(path + ".month", $"{Month} is not a month (1 to 12).");
        }
    }

    internal override bool Evaluate(SegmentFacts facts) => facts.Profile?.Birthday is { } b && b.Month == (Month ?? facts.AsOfDate.Month);

    internal override string Describe(SegmentFacts facts, CultureInfo culture) =>
        TextCatalog.Package.Format(culture, "Rule.BirthdayMonth", facts.Profile?.Birthday?.Month ?? 0, Month ?? facts.AsOfDate.Month);
}
