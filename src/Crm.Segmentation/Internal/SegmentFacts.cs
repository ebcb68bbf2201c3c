using NodaTime;

namespace Crm.Segmentation.Internal;

/// <summary>What rules see of one customer during an evaluation (kept by rule explanations, so it holds values, not the metrics).</summary>
internal sealed class SegmentFacts
{
    private int _visible = -1;

    public CustomerProfile? Profile { get; init; }

    /// <summary>Gets the tier the customer holds, read only when a rule needs it.</summary>
    public CustomerTier? Tier { get; init; }

    public required LocalDate AsOfDate { get; init; }

    public int? RecencyDays { get; init; }

    public int? DaysSinceFirst { get; init; }

    public int Frequency { get; init; }

    public decimal Monetary { get; init; }

    public int PurchaseCount { get; init; }

    public decimal NetSpend { get; init; }

    public required IReadOnlyList<CategorySpend> Categories { get; init; }

    public RfmScore? Rfm { get; set; }

    public List<SegmentAssignment> Assigned { get; private init; } = new(8);

    /// <summary>The facts as a rule saw them: only the first <paramref name="assigned"/> segments count as assigned.</summary>
    public SegmentFacts AsOfAssignment(int assigned) => new()
    {
        Profile = Profile,
        Tier = Tier,
        AsOfDate = AsOfDate,
        RecencyDays = RecencyDays,
        DaysSinceFirst = DaysSinceFirst,
        Frequency = Frequency,
        Monetary = Monetary,
        PurchaseCount = PurchaseCount,
        NetSpend = NetSpend,
        Categories = Categories,
        Rfm = Rfm,
        Assigned = Assigned,
        _visible = assigned,
    };

    public bool Has(string segment)
    {
        var count = _visible < 0 ? Assigned.Count : _visible;
        for (var i = 0; i < count; i++)
        {
            if (string.Equals(Assigned[i].Segment, segment, StringComparison.Ordinal))
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
        RuleMetric.PurchaseCount => PurchaseCount,
        RuleMetric.NetSpend => NetSpend,
        RuleMetric.RecencyScore => Rfm?.R,
        RuleMetric.FrequencyScore => Rfm?.F,
        RuleMetric.MonetaryScore => Rfm?.M,
        RuleMetric.DaysSinceFirstPurchase => DaysSinceFirst,
        _ => null,
    };

    public decimal? ShareOf(string category)
    {
        if (NetSpend <= 0m)
        {
            return null;
        }

        for (var i = 0; i < Categories.Count; i++)
        {
            if (string.Equals(Categories[i].Category, category, StringComparison.Ordinal))
            {
                return Categories[i].NetSpend.Amount / NetSpend;
            }
        }

        return 0m;
    }
}
