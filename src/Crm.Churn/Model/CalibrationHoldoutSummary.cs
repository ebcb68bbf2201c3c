namespace Crm.Churn;

/// <summary>
/// One customer's purchases split at the end of a calibration period, as lifetimes' <c>calibration_and_holdout_data</c>
/// does: the calibration summary and what the customer bought in the holdout period after it.
/// </summary>
public sealed record CalibrationHoldoutSummary
{
    /// <summary>Gets the summary of the calibration period (lifetimes' <c>frequency_cal</c>, <c>recency_cal</c>, <c>T_cal</c>, <c>monetary_value_cal</c>).</summary>
    public required CustomerPurchaseSummary Calibration { get; init; }

    /// <summary>Gets the number of periods in the holdout period with a purchase (lifetimes' <c>frequency_holdout</c>).</summary>
    public required int HoldoutFrequency { get; init; }

    /// <summary>Gets the mean value of those periods, each the sum of its purchases; 0 with none (lifetimes' <c>monetary_value_holdout</c>).</summary>
    public required double HoldoutAverageValue { get; init; }

    /// <summary>Gets the length of the holdout period in the summaries' time unit (lifetimes' <c>duration_holdout</c>).</summary>
    public required double HoldoutDuration { get; init; }
}
