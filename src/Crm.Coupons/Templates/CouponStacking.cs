namespace Crm.Coupons;

/// <summary>
/// How a coupon combines with others in one purchase: an exclusive coupon is used alone; coupons with the same
/// <see cref="Group"/> do not combine with each other (at most one per group). The most coupons per purchase and
/// the order benefits apply in are settings of <see cref="CouponsOptions"/>.
/// </summary>
public sealed class CouponStacking
{
    /// <summary>Gets a value indicating whether the coupon cannot be combined with any other.</summary>
    public bool Exclusive { get; init; }

    /// <summary>Gets the stacking group, or <see langword="null"/> for none.</summary>
    public string? Group { get; init; }
}
