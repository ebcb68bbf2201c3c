namespace Crm.Membership;

/// <summary>How far a member is from one threshold of the next tier.</summary>
public sealed record ThresholdProgress
{
    /// <summary>Gets the metric.</summary>
    public required TierMetric Metric { get; init; }

    /// <summary>Gets the member's value in the window.</summary>
    public required decimal Current { get; init; }

    /// <summary>Gets the threshold.</summary>
    public required decimal Required { get; init; }

    /// <summary>Gets how much more is needed (zero when reached).</summary>
    public required decimal Missing { get; init; }
}
