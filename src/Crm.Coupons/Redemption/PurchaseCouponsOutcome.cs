namespace Crm.Coupons;

/// <summary>What the coupons handler did for a purchase: the reservations under the purchase id it confirmed (reported in the front door's result).</summary>
/// <param name="PurchaseId">The purchase.</param>
/// <param name="Results">One result per coupon reserved (or redeemed) under the purchase id.</param>
public sealed record PurchaseCouponsOutcome(string PurchaseId, IReadOnlyList<RedemptionResult> Results);
