namespace Crm.Coupons;

/// <summary>
/// Whether one coupon applies to a basket: with the discount and its allocation to lines, or with every reason it does not.
/// </summary>
/// <remarks>
/// The allocation spreads the discount over the lines it applies to in proportion to their eligible amounts (or puts it
/// on the discounted items, for item benefits), by largest remainder in minor units: the parts sum exactly to
/// <see cref="Discount"/>, none exceeds its line, and the result does not depend on the order of lines.
/// </remarks>
public sealed class CouponEvaluation
{
    internal CouponEvaluation(string couponId, string templateId, CouponSource source, Money discount, IReadOnlyList<CouponLineDiscount> lines, bool onDeliveryFee, IReadOnlyList<CouponReason> reasons, IReadOnlyList<CouponUnitsToAdd>? unitsToAdd = null)
    {
        UnitsToAdd = unitsToAdd ?? [];
        CouponId = couponId;
        TemplateId = templateId;
        Source = source;
        Discount = discount;
        Lines = lines;
        OnDeliveryFee = onDeliveryFee;
        Reasons = reasons;
    }

    /// <summary>Gets the coupon's id (its code), or the promo code typed.</summary>
    public string CouponId { get; }

    /// <summary>Gets the template's id.</summary>
    public string TemplateId { get; }

    /// <summary>Gets where the coupon comes from: the wallet, a typed promo code the customer does not hold yet, or an automatic promotion (then <see cref="CouponId"/> is the template's id).</summary>
    public CouponSource Source { get; }

    /// <summary>Gets a value indicating whether the coupon applies (no reasons against it).</summary>
    public bool IsApplicable => Reasons.Count == 0;

    /// <summary>Gets the discount; zero when the coupon does not apply.</summary>
    public Money Discount { get; }

    /// <summary>Gets the discount per line, ordered by line id (ordinal); empty for a delivery fee discount or when the coupon does not apply.</summary>
    public IReadOnlyList<CouponLineDiscount> Lines { get; }

    /// <summary>Gets a value indicating whether the discount is taken off the delivery fee rather than the lines.</summary>
    public bool OnDeliveryFee { get; }

    /// <summary>Gets the free units to add to the basket before the coupon applies ("buy N get M, added free"); empty otherwise.</summary>
    public IReadOnlyList<CouponUnitsToAdd> UnitsToAdd { get; }

    /// <summary>Gets every reason the coupon does not apply; empty when it applies.</summary>
    public IReadOnlyList<CouponReason> Reasons { get; }

    /// <inheritdoc />
    public override string ToString() => IsApplicable ? $"{CouponId}: {Discount}" : $"{CouponId}: {string.Join("; ", Reasons)}";
}
