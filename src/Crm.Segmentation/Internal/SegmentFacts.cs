using NodaTime;

namespace Crm.Segmentation.Internal;

/// <summary>What rules see of one customer during an evaluation.</summary>
internal sealed class SegmentFacts
{
    public required CustomerMetrics Metrics { get; init; }

    public CustomerProfile? Profile { get; init; }

    public required LocalDate AsOfDate { get; init; }

    public int? RecencyDays { get; init; }

    public int? DaysSinceFirst { get; init; }

    public int Frequency { get; init; }

    public decimal Monetary { get; init; }

    public RfmScore? Rfm { get; set; }

    public List<SegmentAssignment> Assigned { get; } = new(8);

    public bool Has(string segment)
    {
        foreach (var a in Assigned)
        {
            if (string.Equals(a.Segment, segment, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    public decimal? ValueOf(RuleMetric metric) => metric switch
    {
        RuleMetric.RecencyDays => RecencyDays,
        RuleMetric.Frequency => RecencyDays is null ? null : Frequency,
        RuleMetric.Monetary => RecencyDays is null ? null : Monetary,
        RuleMetric.PurchaseCount => Metrics.PurchaseCount,
        RuleMetric.NetSpend => Metrics.NetSpend.Amount,
        RuleMetric.RecencyScore => Rfm?.R,
        RuleMetric.FrequencyScore => Rfm?.F,
        RuleMetric.MonetaryScore => Rfm?.M,
        RuleMetric.DaysSinceFirstPurchase => DaysSinceFirst,
        _ => null,
    };

    public decimal? ShareOf(string category)
    {
        var net = Metrics.NetSpend.Amount;
        if (net <= 0m)
        {
            return null;
        }

        return Metrics.SpendIn(category).Amount / net;
    }
}
