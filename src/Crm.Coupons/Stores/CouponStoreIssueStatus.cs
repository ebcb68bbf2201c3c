namespace Crm.Coupons;

/// <summary>What <see cref="ICouponStore.IssueAsync"/> did.</summary>
public enum CouponStoreIssueStatus
{
    /// <summary>The coupon was stored.</summary>
    Issued = 0,

    /// <summary>A coupon was stored earlier under the same issue key; nothing changed.</summary>
    Replayed = 1,

    /// <summary>The template's issue budget is used up; nothing was written.</summary>
    BudgetExhausted = 2,

    /// <summary>The customer reached the template's cap for the period; nothing was written.</summary>
    CustomerCapReached = 3,
}
