namespace Crm.Membership;

/// <summary>A minimum a member must reach on one metric over the qualification window, such as 20 purchases.</summary>
public sealed class TierThreshold
{
    /// <summary>Gets the metric.</summary>
    public required TierMetric Metric { get; init; }

    /// <summary>Gets the minimum (inclusive): reaching it exactly qualifies. Money in currency units (35.5 for 35.50 CNY).</summary>
    public required decimal Minimum { get; init; }
}
