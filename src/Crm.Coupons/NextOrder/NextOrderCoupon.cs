namespace Crm.Coupons;

/// <summary>A coupon a purchase earned for a later order under a <see cref="NextOrderRule"/>, or why it was not issued.</summary>
/// <param name="RuleId">The rule the purchase met.</param>
/// <param name="Result">The issue: the coupon's id, or the reason (the template's budget used up, the customer's cap reached).</param>
public sealed record NextOrderCoupon(string RuleId, CouponIssueResult Result);
