namespace Crm.Coupons;

/// <summary>
/// A free gift: one item of <see cref="Sku"/> is free. The host adds the gift to the basket at its price; the coupon
/// makes it free, and says so when the gift is missing from the basket.
/// </summary>
public sealed class FreeGiftBenefit : CouponBenefit
{
    /// <summary>Gets the SKU of the gift.</summary>
    public required string Sku { get; init; }
}
