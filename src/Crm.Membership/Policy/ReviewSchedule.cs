namespace Crm.Membership;

/// <summary>When members' tiers are reviewed (and may drop).</summary>
public enum ReviewSchedule
{
    /// <summary>Never: a tier, once reached, is kept (unless a refund policy or an override says otherwise).</summary>
    None = 0,

    /// <summary>On the anniversary of reaching the tier: <see cref="TierReview.ValidityMonths"/> after it, then every as many months.</summary>
    TierAnniversary = 1,

    /// <summary>Every year on a calendar date (<see cref="TierReview.Month"/>, <see cref="TierReview.Day"/>) at local midnight.</summary>
    CalendarDate = 2,
}
