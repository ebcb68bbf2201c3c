namespace Crm.Churn;

/// <summary>The model signal: 1 − P(alive) from the BG/NBD model fitted on the population (times in days).</summary>
public sealed class ModelSignalSettings
{
    /// <summary>Gets the horizon, in days, over which expected purchases and future value are computed.</summary>
    /// <value>The default value is 90 days.</value>
    public int HorizonDays { get; init; } = 90;

    /// <summary>Gets the signal's weight, 0 to 1.</summary>
    /// <value>The default value is 1.</value>
    public double Weight { get; init; } = 1.0;
}
