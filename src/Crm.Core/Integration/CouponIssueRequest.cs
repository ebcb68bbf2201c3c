namespace Crm;

/// <summary>A request to issue a coupon of a template to a customer, through <see cref="ICouponIssuer"/>.</summary>
/// <param name="CustomerId">The customer.</param>
/// <param name="TemplateId">The coupon template's id.</param>
/// <param name="Reason">Why the coupon is issued.</param>
/// <param name="IdempotencyKey">A key derived from the business event (such as <c>tier-welcome:gold:c-42</c>); issuing again with the same key issues nothing new.</param>
public sealed record CouponIssueRequest(CustomerId CustomerId, string TemplateId, CouponIssueReason Reason, string IdempotencyKey);
