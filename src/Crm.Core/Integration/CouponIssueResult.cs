namespace Crm;

/// <summary>The outcome of <see cref="ICouponIssuer.IssueCouponAsync"/>: a business "yes" or "no", never an exception for a budget that ran out.</summary>
/// <param name="Succeeded"><see langword="true"/> when the customer holds the coupon (issued now or, for a repeated key, earlier).</param>
/// <param name="CouponId">The coupon's id when <paramref name="Succeeded"/>; otherwise <see langword="null"/>.</param>
/// <param name="WasAlreadyIssued"><see langword="true"/> when the idempotency key had been used and nothing new was issued.</param>
/// <param name="Reason">Why nothing was issued (a budget or per-customer cap reached, an unknown template), or <see langword="null"/>.</param>
public sealed record CouponIssueResult(bool Succeeded, string? CouponId, bool WasAlreadyIssued, string? Reason);
