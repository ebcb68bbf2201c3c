namespace Crm.Segmentation;

/// <summary>A number a <see cref="MetricPredicate"/> compares.</summary>
public enum RuleMetric
{
    /// <summary>Local days from the last purchase to the as-of instant (no value without a purchase).</summary>
    RecencyDays = 0,

    /// <summary>Purchases in the RFM window.</summary>
    Frequency = 1,

    /// <summary>Net spend in the RFM window, in the programme's currency.</summary>
    Monetary = 2,

    /// <summary>All purchases ever.</summary>
    PurchaseCount = 3,

    /// <summary>All-time net spend, in the programme's currency.</summary>
    NetSpend = 4,

    /// <summary>The R score (no value without a purchase or without RFM).</summary>
    RecencyScore = 5,

    /// <summary>The F score.</summary>
    FrequencyScore = 6,

    /// <summary>The M score.</summary>
    MonetaryScore = 7,

    /// <summary>Local days from the first purchase to the as-of instant.</summary>
    DaysSinceFirstPurchase = 8,
}
