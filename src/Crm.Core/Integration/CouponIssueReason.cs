namespace Crm;

/// <summary>Why a coupon is issued to a customer.</summary>
public enum CouponIssueReason
{
    /// <summary>A marketing campaign.</summary>
    Campaign = 1,

    /// <summary>A benefit of the customer's membership tier (welcome gift, monthly grant).</summary>
    TierBenefit = 2,

    /// <summary>A birthday gift.</summary>
    Birthday = 3,

    /// <summary>A win-back offer to a customer who is drifting away.</summary>
    WinBack = 4,

    /// <summary>Issued by staff by hand.</summary>
    Manual = 5,

    /// <summary>Earned by a purchase, for a later order (a next-order rule).</summary>
    NextOrder = 6,
}
