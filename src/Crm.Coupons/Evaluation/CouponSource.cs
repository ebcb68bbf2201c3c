namespace Crm.Coupons;

/// <summary>Where a coupon in an evaluation comes from.</summary>
public enum CouponSource
{
    /// <summary>A coupon the customer holds (in the wallet, or typed by its code).</summary>
    Wallet,

    /// <summary>A shared promo code the customer typed and does not hold a coupon of yet; reserving the code issues one.</summary>
    PromoCode,

    /// <summary>An automatic promotion (<see cref="CouponTemplate.Automatic"/>), offered to every basket that meets its conditions; reserving its id issues a coupon for the use.</summary>
    Automatic,
}
