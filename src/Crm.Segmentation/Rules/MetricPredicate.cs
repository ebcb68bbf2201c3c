using System.Globalization;
using Crm.Internal;
using Crm.Segmentation.Internal;

namespace Crm.Segmentation;

/// <summary>Matches when a metric lies in a range (<c>"kind": "metric"</c>); a customer without a value (no purchase) never matches.</summary>
public sealed class MetricPredicate : SegmentPredicate
{
    /// <summary>Gets the metric.</summary>
    public required RuleMetric Metric { get; init; }

    /// <summary>Gets the smallest matching value, inclusive, or <see langword="null"/> for no lower bound.</summary>
    public decimal? AtLeast { get; init; }

    /// <summary>Gets the largest matching value, inclusive, or <see langword="null"/> for no upper bound.</summary>
    public decimal? AtMost { get; init; }

    internal override void Validate(string path)
    {
        if (!Enum.IsDefined(Metric))
        {
            throw SegmentationPolicy.Invalid(path + ".metric", $"Unknown metric {Metric}.");
        }

        if (AtLeast is null && AtMost is null)
        {
            throw SegmentationPolicy.Invalid(path, "A metric condition needs atLeast, atMost or both.");
        }

        if (AtLeast > AtMost)
        {
            throw SegmentationPolicy.Invalid(path + ".atMost", $"atMost ({AtMost}) is below atLeast ({AtLeast}).");
        }
    }

    internal override bool Evaluate(SegmentFacts facts) =>
        facts.ValueOf(Metric) is { } value && (AtLeast is not { } low || value >= low) && (AtMost is not { } high || value <= high);

    internal override string Describe(SegmentFacts facts, CultureInfo culture)
    {
        var texts = TextCatalog.Package;
        object value = facts.ValueOf(Metric) is { } v ? v : texts.Get(culture, "Rule.None");

        // The English names are the JSON names of the metrics, as a rule file writes them.
        var name = texts.Get(culture, "RuleMetric." + Metric);
        return (AtLeast, AtMost) switch
        {
            ({ } l, { } h) => texts.Format(culture, "Rule.Metric.Between", name, value, l, h),
            ({ } l, null) => texts.Format(culture, "Rule.Metric.AtLeast", name, value, l),
            _ => texts.Format(culture, "Rule.Metric.AtMost", name, value, AtMost),
        };
    }
}
