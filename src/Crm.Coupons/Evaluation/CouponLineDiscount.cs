namespace Crm.Coupons;

/// <summary>The part of a coupon's discount carried by one basket line.</summary>
/// <param name="LineId">The line's id.</param>
/// <param name="Discount">The part; above zero, at most what was left of the line.</param>
public sealed record CouponLineDiscount(string LineId, Money Discount);
