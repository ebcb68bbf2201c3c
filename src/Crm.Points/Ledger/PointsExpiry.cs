using NodaTime;

namespace Crm.Points;

/// <summary>The expiry policy of earned points: each lot gets its own expiry from the instant it was earned, in the programme's time zone.</summary>
public sealed class PointsExpiry
{
    /// <summary>Gets a policy under which points never expire.</summary>
    public static PointsExpiry Never { get; } = new();

    /// <summary>Gets the kind of policy.</summary>
    /// <value>The default value is <see cref="PointsExpiryKind.Never"/>.</value>
    public PointsExpiryKind Kind { get; init; }

    /// <summary>Gets the months (1 to 120) for <see cref="PointsExpiryKind.MonthsAfterEarning"/>, or the years (0 to 10) for <see cref="PointsExpiryKind.EndOfYear"/>.</summary>
    public int Count { get; init; }

    /// <summary>Creates a policy under which points expire some months after they were earned.</summary>
    /// <param name="months">The months (1 to 120).</param>
    /// <returns>The policy.</returns>
    public static PointsExpiry MonthsAfterEarning(int months) => new() { Kind = PointsExpiryKind.MonthsAfterEarning, Count = months };

    /// <summary>Creates a policy under which points expire at the end of a calendar year.</summary>
    /// <param name="years">The years after the year of earning (0: at the end of that same year).</param>
    /// <returns>The policy.</returns>
    public static PointsExpiry EndOfYear(int years) => new() { Kind = PointsExpiryKind.EndOfYear, Count = years };

    /// <summary>Computes when points earned at an instant expire.</summary>
    /// <param name="earnedAt">When the points were earned.</param>
    /// <param name="zone">The programme's time zone.</param>
    /// <returns>The first instant at which they are expired, or <see langword="null"/> when they never expire.</returns>
    /// <remarks>End of year: local midnight starting 1 January of the following year. Months: the same local date and time N months later (the last day of a shorter month), resolved leniently across daylight-saving gaps.</remarks>
    public Instant? ExpiresAt(Instant earnedAt, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        switch (Kind)
        {
            case PointsExpiryKind.MonthsAfterEarning:
                return earnedAt.InZone(zone).LocalDateTime.PlusMonths(Count).InZoneLeniently(zone).ToInstant();
            case PointsExpiryKind.EndOfYear:
                var year = earnedAt.InZone(zone).Year + Count + 1;
                return zone.AtStartOfDay(new LocalDate(year, 1, 1)).ToInstant();
            default:
                return null;
        }
    }

    /// <summary>Describes the policy, such as <c>end of year + 1</c>.</summary>
    /// <returns>A short description.</returns>
    public override string ToString() => Kind switch
    {
        PointsExpiryKind.MonthsAfterEarning => $"{Count} months after earning",
        PointsExpiryKind.EndOfYear => Count == 0 ? "end of the year of earning" : $"end of the year {Count} years after earning",
        _ => "never",
    };
}
