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

    /// <summary>Gets the minimum spend on eligible items (inclusive), or <see langword="null"/> for none.</summary>
    public Money? MinimumSpend { get; init; }

    /// <summary>Gets the minimum quantity of eligible items (inclusive), or <see langword="null"/> for none.</summary>
    public decimal? MinimumQuantity { get; init; }
}
