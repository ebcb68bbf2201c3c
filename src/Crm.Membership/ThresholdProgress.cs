namespace Crm.Membership;

/// <summary>How far a member is from one threshold of the next tier.</summary>
/// <param name="Metric">The metric.</param>
/// <param name="Current">The member's value in the window.</param>
/// <param name="Required">The threshold.</param>
/// <param name="Missing">How much more is needed (zero when reached).</param>
public sealed record ThresholdProgress(TierMetric Metric, decimal Current, decimal Required, decimal Missing);
