using System.Globalization;
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

    internal override string Describe(SegmentFacts facts)
    {
        var value = facts.ValueOf(Metric) is { } v ? v.ToString(CultureInfo.InvariantCulture) : "none";
        var name = CrmJsonNames.Camel(Metric.ToString());
        return (AtLeast, AtMost) switch
        {
            ({ } l, { } h) => $"{name} {value} in [{l.ToString(CultureInfo.InvariantCulture)}, {h.ToString(CultureInfo.InvariantCulture)}]",
            ({ } l, null) => $"{name} {value} >= {l.ToString(CultureInfo.InvariantCulture)}",
            _ => $"{name} {value} <= {AtMost!.Value.ToString(CultureInfo.InvariantCulture)}",
        };
    }
}
