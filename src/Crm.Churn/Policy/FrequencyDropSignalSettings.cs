namespace Crm.Churn;

/// <summary>The frequency-drop signal: purchases in the latest window against the window before.</summary>
/// <remarks>
/// With today the local date of the assessment, the latest window is the <see cref="WindowDays"/> local days ending today
/// (inclusive), the previous window the same number of days before it. It fires when the previous window had at least
/// <see cref="MinPreviousPurchases"/> purchases and the count fell by at least <see cref="MinDropPercent"/>; its strength
/// is the drop as a fraction (1 when no purchase is left).
/// </remarks>
public sealed class FrequencyDropSignalSettings
{
    /// <summary>Gets the length of each window in days.</summary>
    /// <value>The default value is 30 days.</value>
    public int WindowDays { get; init; } = 30;

    /// <summary>Gets the smallest drop, in percent, that fires the signal.</summary>
    /// <value>The default value is 50%.</value>
    public double MinDropPercent { get; init; } = 50;

    /// <summary>Gets the fewest purchases in the previous window for a drop to count.</summary>
    /// <value>The default value is 2.</value>
    public int MinPreviousPurchases { get; init; } = 2;

    /// <summary>Gets the signal's weight, 0 to 1.</summary>
    /// <value>The default value is 0.8.</value>
    public double Weight { get; init; } = 0.8;
}
