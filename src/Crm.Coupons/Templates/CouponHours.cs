using NodaTime;

namespace Crm.Coupons;

/// <summary>A daily time window in the store's time zone ("3 pm to 5 pm"): from <see cref="From"/> (inclusive) to <see cref="To"/> (exclusive).</summary>
public sealed class CouponHours
{
    /// <summary>Gets the start of the window (inclusive).</summary>
    public required LocalTime From { get; init; }

    /// <summary>Gets the end of the window (exclusive); after <see cref="From"/>.</summary>
    public required LocalTime To { get; init; }
}
