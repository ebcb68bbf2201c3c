namespace Crm;

/// <summary>
/// Issues coupons on behalf of other packages (tier benefits, win-back offers). Crm.Coupons implements it.
/// </summary>
/// <remarks>Defined in Crm.Core so that Crm.Membership and Crm.Churn can grant coupons without referencing Crm.Coupons; a host may implement it to call its own coupon system.</remarks>
public interface ICouponIssuer
{
    /// <summary>Issues a coupon, idempotently by <see cref="CouponIssueRequest.IdempotencyKey"/>.</summary>
    /// <param name="request">What to issue, to whom and why.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>Whether the customer now holds the coupon, and why not when they do not.</returns>
    Task<CouponIssueResult> IssueCouponAsync(CouponIssueRequest request, CancellationToken cancellationToken = default);
}
