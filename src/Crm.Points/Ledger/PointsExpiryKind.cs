namespace Crm.Points;

/// <summary>How earned points expire; see <see cref="PointsExpiry"/>.</summary>
public enum PointsExpiryKind
{
    /// <summary>Points never expire.</summary>
    Never = 0,

    /// <summary>Points expire <see cref="PointsExpiry.Count"/> months after they were earned, at the same local time.</summary>
    MonthsAfterEarning = 1,

    /// <summary>Points expire at the end of the calendar year <see cref="PointsExpiry.Count"/> years after the year they were earned in (0: the same year), at local midnight.</summary>
    EndOfYear = 2,
}
