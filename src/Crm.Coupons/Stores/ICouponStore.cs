using NodaTime;

namespace Crm.Coupons;

/// <summary>
/// Persists issued coupons and the per-template usage counters (issued, redeemed; reserved is counted from the coupons, so a lapsed reservation frees its place with no job). Implemented by storage adapters;
/// called by <see cref="CouponManager"/>.
/// </summary>
/// <remarks>The conformance suite <c>Crm.Testing.Conformance.CouponStoreConformanceTests</c> checks every sentence below.</remarks>
/// <threadsafety>Implementations must be safe to call from many threads and, for server databases, many processes at once.</threadsafety>
public interface ICouponStore
{
    /// <summary>Finds a coupon by its id (code).</summary>
    /// <param name="couponId">The coupon's id, exactly as issued.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The coupon with its current version, or <see langword="null"/> when none has that id.</returns>
    Task<Coupon?> FindAsync(string couponId, CancellationToken cancellationToken = default);

    /// <summary>Gets every coupon issued to a customer, in any status.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The coupons ordered by issue instant, then id (ordinal); empty when none.</returns>
    Task<IReadOnlyList<Coupon>> ListByCustomerAsync(CustomerId customerId, CancellationToken cancellationToken = default);

    /// <summary>Gets the coupons of a customer that are reserved or redeemed under a key (a checkout's purchase id).</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="key">The key: a <see cref="Coupon.ReservationKey"/> or <see cref="Coupon.RedemptionKey"/>.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The customer's coupons whose reservation key or redemption key is <paramref name="key"/>, ordered by id (ordinal); empty when none.</returns>
    Task<IReadOnlyList<Coupon>> ListByKeyAsync(CustomerId customerId, string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Issues a coupon in one atomic write: idempotent by <see cref="Coupon.IssueKey"/>, within the template's issue budget and the
    /// customer's cap, counting it as issued.
    /// </summary>
    /// <param name="coupon">The new coupon; its <see cref="Coupon.Version"/> is ignored and stored as 1.</param>
    /// <param name="limits">The limits to check.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>
    /// <see cref="CouponStoreIssueStatus.Issued"/> with the stored coupon; <see cref="CouponStoreIssueStatus.Replayed"/> with the coupon stored
    /// earlier under the same issue key (nothing changes); or <see cref="CouponStoreIssueStatus.BudgetExhausted"/> /
    /// <see cref="CouponStoreIssueStatus.CustomerCapReached"/> with no coupon, when the template's issued count has reached
    /// <see cref="CouponIssueLimits.MaxIssued"/> or the customer holds <see cref="CouponIssueLimits.MaxPerCustomer"/> coupons of the template
    /// issued within [<see cref="CouponIssueLimits.PeriodStart"/>, <see cref="CouponIssueLimits.PeriodEnd"/>) (nothing is written).
    /// The idempotency check comes before the limits.
    /// </returns>
    /// <remarks>Through a unit of work (<see cref="IStoreUnitOfWork"/>) the coupon is stored at the commit and the call answers <see cref="CouponStoreIssueStatus.Issued"/>; an issue key used by then, or a limit reached, fails the commit with <see cref="CrmConcurrencyException"/>, and the caller, reading again, answers.</remarks>
    Task<CouponStoreIssueResult> IssueAsync(Coupon coupon, CouponIssueLimits limits, CancellationToken cancellationToken = default);

    /// <summary>
    /// Saves a changed coupon if its stored version is still <paramref name="expectedVersion"/>, and adds
    /// <paramref name="redeemedDelta"/> to its template's redeemed count, in one atomic write; with a
    /// <paramref name="budget"/>, only if the template's redemptions plus its reservations unexpired at
    /// <see cref="CouponBudgetCheck.Now"/> (this coupon as saved included) are then at most <see cref="CouponBudgetCheck.MaxRedeemed"/>.
    /// </summary>
    /// <param name="coupon">The changed coupon: its status, validity window, reservation and redemption are written; its id, template, customer, reason, issue key and issue instant must be the stored coupon's (they are not written), and its <see cref="Coupon.Version"/> is ignored.</param>
    /// <param name="expectedVersion">The version the caller read.</param>
    /// <param name="redeemedDelta">+1 for a redemption, -1 for a restore, 0 otherwise.</param>
    /// <param name="budget">The redemption budget to hold, given when the write makes the coupon take a place in it (reserved or redeemed, from neither); <see langword="null"/> to check none.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The stored coupon with version <paramref name="expectedVersion"/> + 1; or <see langword="null"/> when the write would exceed <paramref name="budget"/> (nothing is written).</returns>
    /// <exception cref="CrmConcurrencyException">The stored version differs or the coupon does not exist; nothing was written.</exception>
    /// <remarks>
    /// <para>The check and the write are one atomic step per template: of many concurrent writes that each take a place in a
    /// budget of B with none taken, exactly B succeed.</para>
    /// <para>Through a unit of work (<see cref="IStoreUnitOfWork"/>) the coupon is saved at the commit and the call answers with it; a moved version or a budget reached by then fails the commit with <see cref="CrmConcurrencyException"/>.</para>
    /// </remarks>
    Task<Coupon?> UpdateAsync(Coupon coupon, long expectedVersion, int redeemedDelta, CouponBudgetCheck? budget, CancellationToken cancellationToken = default);

    /// <summary>Gets a template's usage counters.</summary>
    /// <param name="templateId">The template's id.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The counters; zeros for a template never used.</returns>
    Task<CouponUsage> GetUsageAsync(string templateId, CancellationToken cancellationToken = default);

    /// <summary>Gets a template's usage counters with the reservations unexpired at an instant (<see cref="CouponUsage.Reserved"/>).</summary>
    /// <param name="templateId">The template's id.</param>
    /// <param name="now">The instant: a coupon reserved until after it counts; a lapsed reservation does not.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The counters; zeros for a template never used.</returns>
    Task<CouponUsage> GetUsageAtAsync(string templateId, Instant now, CancellationToken cancellationToken = default);
}
