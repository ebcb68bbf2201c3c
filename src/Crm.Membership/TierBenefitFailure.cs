namespace Crm.Membership;

/// <summary>
/// A tier benefit the coupon issuer refused (its template removed, a budget or cap reached): nothing was granted and the
/// grant is not recorded. It is reported in the outcome or run result, logged as a warning and counted on
/// <c>crm.membership.benefit_failures</c>; a periodic or birthday grant is tried again by the next benefits run of its
/// period, a welcome gift is not.
/// </summary>
/// <param name="CustomerId">The member.</param>
/// <param name="Tier">The member's tier.</param>
/// <param name="CouponTemplateId">The coupon template the benefit names.</param>
/// <param name="Reason">Why the coupon was to be issued (tier benefit, birthday).</param>
/// <param name="GrantKey">The grant's key, which says which benefit it was: <c>welcome:…</c>, <c>periodic:…</c> or <c>birthday:…</c>.</param>
/// <param name="IssuerReason">Why the issuer refused, as it said (<see cref="CouponIssueResult.Reason"/>), or <see langword="null"/>.</param>
public sealed record TierBenefitFailure(CustomerId CustomerId, string Tier, string CouponTemplateId, CouponIssueReason Reason, string GrantKey, string? IssuerReason);
