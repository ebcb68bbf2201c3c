using Crm.Coupons;

namespace Crm;

/// <summary>What the coupons package did with a recorded fact, read from the front door's result.</summary>
public static class CouponsRecordResultExtensions
{
    /// <summary>Gets the coupons the purchase confirmed and the next-order coupons it earned.</summary>
    /// <param name="result">The result of <see cref="CrmManager.RecordPurchaseAsync"/>.</param>
    /// <returns>The outcome, or <see langword="null"/> when no coupon was reserved under the purchase id and none was earned.</returns>
    public static PurchaseCouponsOutcome? Coupons(this RecordPurchaseResult result) => Internal.Guard.NotNull(result).GetOutcome<PurchaseCouponsOutcome>();

    /// <summary>Gets the coupons the refund gave back or took back.</summary>
    /// <param name="result">The result of <see cref="CrmManager.RecordRefundAsync"/>.</param>
    /// <returns>The outcome, or <see langword="null"/> when the refund changed no coupon.</returns>
    public static RefundCouponsOutcome? Coupons(this RecordRefundResult result) => Internal.Guard.NotNull(result).GetOutcome<RefundCouponsOutcome>();
}
