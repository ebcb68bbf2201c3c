using NodaTime;

namespace Crm.Coupons;

/// <summary>
/// Who may use a coupon, where and when. Every condition that is set must hold; an empty list means "any".
/// Names (tiers, segments, stores) compare ordinally.
/// </summary>
public sealed class CouponConditions
{
    /// <summary>Gets the membership tiers (by name) whose members may use the coupon.</summary>
    public IReadOnlyList<string> Tiers { get; init; } = [];

    /// <summary>Gets the segments (by name); the customer must be in at least one.</summary>
    public IReadOnlyList<string> Segments { get; init; } = [];

    /// <summary>Gets the sales channels where the coupon may be used.</summary>
    public IReadOnlyList<SalesChannel> Channels { get; init; } = [];

    /// <summary>Gets the store ids where the coupon may be used.</summary>
    public IReadOnlyList<string> Stores { get; init; } = [];

    /// <summary>Gets the weekdays, in the store's time zone, when the coupon may be used.</summary>
    public IReadOnlyList<IsoDayOfWeek> Weekdays { get; init; } = [];

    /// <summary>Gets the daily hours, in the store's time zone, when the coupon may be used, or <see langword="null"/> for all day.</summary>
    public CouponHours? Hours { get; init; }

    /// <summary>Gets a value indicating whether only a customer with no recorded purchase may use the coupon.</summary>
    public bool FirstPurchaseOnly { get; init; }

    /// <summary>
    /// Gets the lines the conditions count, when they differ from the lines the benefit discounts (the template's
    /// <see cref="CouponTemplate.Scope"/>): "at least 3 of A" with a discount on B. <see langword="null"/> counts the
    /// eligible lines. With a qualifying scope, at least one basket line must be in it.
    /// </summary>
    public CouponScope? QualifyingScope { get; init; }

    /// <summary>Gets the minimum spend (inclusive) on the qualifying items or on the order (<see cref="MinimumSpendOn"/>), or <see langword="null"/> for none.</summary>
    /// <remarks>Counted on what earlier coupons of the combination left of the lines, like every amount.</remarks>
    public Money? MinimumSpend { get; init; }

    /// <summary>Gets what <see cref="MinimumSpend"/> counts.</summary>
    /// <value>The default value is <see cref="MinimumSpendBasis.QualifyingLines"/>.</value>
    public MinimumSpendBasis MinimumSpendOn { get; init; }

    /// <summary>Gets the minimum quantity of qualifying items (inclusive), or <see langword="null"/> for none.</summary>
    public decimal? MinimumQuantity { get; init; }
}
