namespace Crm.Membership;

/// <summary>How far a member is from one threshold of the next tier.</summary>
public sealed record ThresholdProgress
{
    /// <summary>The metric.</summary>
    public required TierMetric Metric { get; init; }

    /// <summary>The member's value in the window.</summary>
    public required decimal Current { get; init; }

    /// <summary>The threshold.</summary>
    public required decimal Required { get; init; }

    /// <summary>How much more is needed (zero when reached).</summary>
    public required decimal Missing { get; init; }
}
