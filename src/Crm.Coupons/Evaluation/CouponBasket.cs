using NodaTime;

namespace Crm.Coupons;

/// <summary>A basket at checkout, to evaluate coupons against.</summary>
/// <remarks>Lines use <see cref="PurchaseLine"/>: a line's amount is its gross amount minus its <see cref="PurchaseLine.LineDiscount"/>. Line ids must be distinct.</remarks>
public sealed class CouponBasket
{
    /// <summary>Gets the lines; at least one, with distinct ids.</summary>
    public required IReadOnlyList<PurchaseLine> Lines { get; init; }

    /// <summary>Gets the store's id.</summary>
    public required string StoreId { get; init; }

    /// <summary>Gets the channel.</summary>
    /// <value>The default value is <see cref="SalesChannel.InStore"/>.</value>
    public SalesChannel Channel { get; init; }

    /// <summary>Gets the delivery fee, or <see langword="null"/> for none.</summary>
    public Money? DeliveryFee { get; init; }

    /// <summary>Gets the store's time zone, for weekday and hour conditions, or <see langword="null"/> for the programme's.</summary>
    public DateTimeZone? TimeZone { get; init; }

    /// <summary>
    /// Gets the order of benefit classes for this checkout only, or <see langword="null"/> for the programme's
    /// (<see cref="CouponsOptions.BenefitOrder"/>). The order used is reported in <see cref="CouponCombination.BenefitOrder"/>.
    /// </summary>
    public BenefitOrder? BenefitOrder { get; init; }

    /// <summary>
    /// Gets the ids of lines the host added because an evaluation asked (<see cref="CouponEvaluation.UnitsToAdd"/>), or
    /// <see langword="null"/> for none. Their units are the free units of "added free" coupons and do not count as bought.
    /// </summary>
    public IReadOnlyCollection<string>? AddedFreeLineIds { get; init; }

    /// <summary>Gets this checkout's reservation key, or <see langword="null"/>; coupons reserved under it count as available.</summary>
    public string? ReservationKey { get; init; }
}
