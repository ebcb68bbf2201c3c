namespace Crm.Coupons;

/// <summary>What the coupons handler did for a full refund when <see cref="CouponsOptions.RestoreOnFullRefund"/> is set: the coupons it gave back.</summary>
/// <param name="RefundId">The refund.</param>
/// <param name="Results">One result per coupon the refunded purchase redeemed.</param>
public sealed record RefundCouponsOutcome(string RefundId, IReadOnlyList<RedemptionResult> Results);
