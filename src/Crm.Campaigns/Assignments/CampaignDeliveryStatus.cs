namespace Crm.Campaigns;

/// <summary>Where a customer's assignment to a campaign stands.</summary>
public enum CampaignDeliveryStatus
{
    /// <summary>Assigned to an arm, not delivered yet; not counted in any arm of the report.</summary>
    Pending = 1,

    /// <summary>The arm's treatment was delivered (or, for a <see cref="CampaignArmKind.Nothing"/> arm, nothing was, by design); counted in the arm.</summary>
    Delivered = 2,

    /// <summary>In the holdout: recorded as getting nothing; counted in the holdout.</summary>
    HeldOut = 3,

    /// <summary>Without consent to the campaign's channel at delivery: excluded from every arm (the holdout too, so the comparison stays fair) and counted apart.</summary>
    NoConsent = 4,

    /// <summary>The coupon budget had run out at delivery: nothing given, excluded from the arms and counted apart.</summary>
    BudgetExhausted = 5,
}
