namespace Crm.Membership;

/// <summary>How a tier's thresholds combine.</summary>
public enum ThresholdMatch
{
    /// <summary>Reaching any one threshold qualifies (spend 1,000 or 30 visits).</summary>
    Any = 0,

    /// <summary>Every threshold must be reached.</summary>
    All = 1,
}
