namespace Crm.Coupons;

/// <summary>Free units a "buy N get M, added free" coupon gives that the basket does not hold yet: the host adds them on their own line.</summary>
/// <param name="Sku">The SKU to add.</param>
/// <param name="Quantity">How many units; at least 1.</param>
public sealed record CouponUnitsToAdd(string Sku, int Quantity);
