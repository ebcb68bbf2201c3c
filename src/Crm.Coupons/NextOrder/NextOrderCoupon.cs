namespace Crm.Coupons;

/// <summary>A coupon a purchase earned for a later order under a <see cref="NextOrderRule"/>, or why it was not issued.</summary>
public sealed record NextOrderCoupon
{
    /// <summary>Gets the rule the purchase met.</summary>
    public required string RuleId { get; init; }

    /// <summary>Gets the issue: the coupon's id, or the reason (the template's budget used up, the customer's cap reached).</summary>
    public required CouponIssueResult Result { get; init; }
}
