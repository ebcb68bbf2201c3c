namespace Crm;

/// <summary>
/// Issues coupons on behalf of other packages (tier benefits, win-back offers). Crm.Coupons implements it.
/// </summary>
/// <remarks>
/// <para>Defined in Crm.Core so that Crm.Membership and Crm.Churn can grant coupons without referencing Crm.Coupons.</para>
/// <para>The coupon is issued in the caller's unit of work, so that it commits with what granted it (a tier upgrade and its
/// welcome coupon, together or not at all). A host that implements it to call its own coupon system cannot join the unit:
/// its issue must then be idempotent by <see cref="CouponIssueRequest.IdempotencyKey"/>, because a unit that fails after it
/// ran is retried with the same key.</para>
/// </remarks>
public interface ICouponIssuer
{
    /// <summary>Issues a coupon in a unit of work, idempotently by <see cref="CouponIssueRequest.IdempotencyKey"/>.</summary>
    /// <param name="request">What to issue, to whom and why.</param>
    /// <param name="unitOfWork">The caller's unit of work, which the caller commits.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>Whether the customer will hold the coupon once the unit commits, and why not when they will not.</returns>
    Task<CouponIssueResult> IssueCouponAsync(CouponIssueRequest request, IStoreUnitOfWork unitOfWork, CancellationToken cancellationToken = default);
}
