using NodaTime;

namespace Crm.Coupons;

/// <summary>
/// When an issued coupon may be used: a fixed window (<see cref="From"/> inclusive to <see cref="To"/> exclusive), or
/// <see cref="Days"/> days from issue, ending at local midnight in the programme's time zone.
/// </summary>
/// <remarks>
/// With <see cref="Days"/> = 7, a coupon issued on 1 June at 14:00 local time is valid until 8 June 00:00 local time.
/// Set either the window or <see cref="Days"/>, not both. A coupon outside its window is "not yet valid" or "expired".
/// </remarks>
public sealed class CouponValidity
{
    /// <summary>Gets the start of a fixed window (inclusive), or <see langword="null"/>.</summary>
    public Instant? From { get; init; }

    /// <summary>Gets the end of a fixed window (exclusive), or <see langword="null"/>.</summary>
    public Instant? To { get; init; }

    /// <summary>Gets the number of days from issue, at least 1, or <see langword="null"/>.</summary>
    public int? Days { get; init; }
}
