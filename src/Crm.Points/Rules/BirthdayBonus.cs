namespace Crm.Points;

/// <summary>A fixed bonus for a purchase in the member's birthday window, at most once per birthday (once per year).</summary>
public sealed class BirthdayBonus
{
    /// <summary>Gets the bonus points (1 to 1,000,000).</summary>
    public required long Points { get; init; }

    /// <summary>Gets the window around the birthday in which a purchase earns the bonus.</summary>
    /// <value>The default value is <see cref="BirthdayWindow.Day"/>.</value>
    public BirthdayWindow Window { get; init; }
}
