namespace Crm.Membership;

/// <summary>What a member did in the qualification window: the numbers tier thresholds are compared with.</summary>
/// <param name="NetSpend">Net spend in currency units (paid less refunded).</param>
/// <param name="PurchaseCount">The number of purchases.</param>
/// <param name="PointsEarned">The points earned.</param>
public readonly record struct TierWindowTotals(decimal NetSpend, int PurchaseCount, long PointsEarned)
{
    /// <summary>Gets the value of one metric.</summary>
    /// <param name="metric">The metric.</param>
    /// <returns>Its value.</returns>
    public decimal ValueOf(TierMetric metric) => metric switch
    {
        TierMetric.NetSpend => NetSpend,
        TierMetric.PurchaseCount => PurchaseCount,
        TierMetric.PointsEarned => PointsEarned,
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "Unknown tier metric."),
    };
}
