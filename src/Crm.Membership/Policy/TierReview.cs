namespace Crm.Membership;

/// <summary>When and how tiers are reviewed.</summary>
public sealed class TierReview
{
    /// <summary>Gets when reviews happen.</summary>
    /// <value>The default value is <see cref="ReviewSchedule.None"/>.</value>
    public ReviewSchedule Schedule { get; init; }

    /// <summary>Gets how long a tier is valid before its anniversary review, in months (for <see cref="ReviewSchedule.TierAnniversary"/>).</summary>
    /// <value>The default value is 12.</value>
    public int ValidityMonths { get; init; } = 12;

    /// <summary>Gets the month of the yearly review date (for <see cref="ReviewSchedule.CalendarDate"/>).</summary>
    /// <value>The default value is 1 (January).</value>
    public int Month { get; init; } = 1;

    /// <summary>Gets the day of the yearly review date (for <see cref="ReviewSchedule.CalendarDate"/>).</summary>
    /// <value>The default value is 1.</value>
    public int Day { get; init; } = 1;

    /// <summary>Gets how far a member drops when the review finds them below their tier.</summary>
    /// <value>The default value is <see cref="DowngradeMode.OneLevel"/>.</value>
    public DowngradeMode Mode { get; init; }

    /// <summary>Gets how many days a member keeps their tier after a review that found them short, to requalify before the drop.</summary>
    /// <value>The default value is 0 (drop at the review).</value>
    public int GraceDays { get; init; }
}
