namespace Crm.Churn;

/// <summary>The cadence signal: days since the last purchase against a multiple of the customer's median gap.</summary>
/// <remarks>
/// Gaps are counted between the distinct purchase days of the last <see cref="LookbackDays"/> in the programme's time
/// zone (so an assessment reads what its window needs, never the whole journal). A customer with fewer than
/// <see cref="MinPurchaseDays"/> purchase days uses the population's median gap (from the last model fit), or
/// <see cref="DefaultGapDays"/> before any fit. The signal fires when days since ÷ gap exceeds <see cref="Multiplier"/>;
/// its strength is (days since ÷ gap) ÷ (2 × multiplier), at most 1: 0.5 just past the threshold, 1 at twice it.
/// </remarks>
public sealed class CadenceSignalSettings
{
    /// <summary>Gets k: the signal fires when days since the last purchase exceed k × the median gap.</summary>
    /// <value>The default value is 2.</value>
    public double Multiplier { get; init; } = 2.0;

    /// <summary>Gets the number of distinct purchase days from which a customer's own median gap is used.</summary>
    /// <value>The default value is 3.</value>
    public int MinPurchaseDays { get; init; } = 3;

    /// <summary>Gets the gap in days used before the population's median gap is known.</summary>
    /// <value>The default value is 14 days.</value>
    public double DefaultGapDays { get; init; } = 14;

    /// <summary>Gets how far back, in days, purchase days count for the customer's median gap.</summary>
    /// <value>The default value is 730 days (two years).</value>
    public int LookbackDays { get; init; } = 730;

    /// <summary>Gets the signal's weight, 0 to 1.</summary>
    /// <value>The default value is 1.</value>
    public double Weight { get; init; } = 1.0;
}
