namespace Crm.Coupons;

/// <summary>Where an issued coupon stands.</summary>
public enum CouponStatus
{
    /// <summary>Held by the customer and usable within its validity.</summary>
    Active = 0,

    /// <summary>Held for a checkout until <see cref="Coupon.ReservedUntil"/>; after that it counts as active again.</summary>
    Reserved = 1,

    /// <summary>Used by a purchase (<see cref="Coupon.RedemptionKey"/>).</summary>
    Redeemed = 2,
}
