namespace Crm.Membership;

/// <summary>
/// A tier benefit the coupon issuer refused (its template removed, a budget or cap reached): nothing was granted and the
/// grant is not recorded. It is reported in the outcome or run result, logged as a warning and counted on
/// <c>crm.membership.benefit_failures</c>; a periodic or birthday grant is tried again by the next benefits run of its
/// period, a welcome gift is not.
/// </summary>
public sealed record TierBenefitFailure
{
    /// <summary>Gets the member.</summary>
    public required CustomerId CustomerId { get; init; }

    /// <summary>Gets the member's tier.</summary>
    public required string Tier { get; init; }

    /// <summary>Gets the coupon template the benefit names.</summary>
    public required string CouponTemplateId { get; init; }

    /// <summary>Gets why the coupon was to be issued (tier benefit, birthday).</summary>
    public required CouponIssueReason Reason { get; init; }

    /// <summary>Gets the grant's key, which says which benefit it was: <c>welcome:…</c>, <c>periodic:…</c> or <c>birthday:…</c>.</summary>
    public required string GrantKey { get; init; }

    /// <summary>Gets why the issuer refused, as it said (<see cref="CouponIssueResult.Reason"/>), or <see langword="null"/>.</summary>
    public string? IssuerReason { get; init; }
}
