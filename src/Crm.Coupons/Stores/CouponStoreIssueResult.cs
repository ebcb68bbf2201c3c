namespace Crm.Coupons;

/// <summary>The outcome of <see cref="ICouponStore.IssueAsync"/>.</summary>
/// <param name="Status">What happened.</param>
/// <param name="Coupon">The stored coupon (new or earlier), or <see langword="null"/> when nothing was issued.</param>
public sealed record CouponStoreIssueResult(CouponStoreIssueStatus Status, Coupon? Coupon)
{
    /// <summary>Gets a value indicating whether a coupon had been stored under the same issue key and nothing changed.</summary>
    public bool IsReplay => Status == CouponStoreIssueStatus.Replayed;
}
