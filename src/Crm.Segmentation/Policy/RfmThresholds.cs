namespace Crm.Segmentation;

/// <summary>Fixed RFM thresholds: each list holds <see cref="RfmSettings.Bins"/> - 1 values in ascending order.</summary>
/// <remarks>
/// Recency: the score is 1 plus the number of thresholds the days since the last purchase are at most (so [30, 60, 120, 240]
/// gives 5 for 30 days or fewer and 1 for more than 240). Frequency and monetary: the score is 1 plus the number of thresholds the value is at least.
/// </remarks>
public sealed class RfmThresholds
{
    /// <summary>Gets the recency thresholds, in days.</summary>
    public IReadOnlyList<int> RecencyDays { get; init; } = [];

    /// <summary>Gets the frequency thresholds, in purchases in the window.</summary>
    public IReadOnlyList<int> Frequency { get; init; } = [];

    /// <summary>Gets the monetary thresholds, in the programme's currency (net spend in the window).</summary>
    public IReadOnlyList<decimal> Monetary { get; init; } = [];
}
