namespace Crm.Membership;

/// <summary>Why a member's tier record changed.</summary>
public enum TierChangeReason
{
    /// <summary>A purchase took the member over a higher tier's threshold.</summary>
    Upgrade = 1,

    /// <summary>A review found the member below their tier and the grace period started.</summary>
    GraceStarted = 2,

    /// <summary>A review (or the end of a grace period) dropped the member.</summary>
    ReviewDowngrade = 3,

    /// <summary>A review found the member still qualified; the tier is kept until the next review.</summary>
    ReviewKept = 4,

    /// <summary>A refund took the member below their tier and the policy drops at once.</summary>
    RefundDowngrade = 5,

    /// <summary>Staff set a tier by hand.</summary>
    OverrideSet = 6,

    /// <summary>A staff override ended (expired or removed).</summary>
    OverrideEnded = 7,
}
