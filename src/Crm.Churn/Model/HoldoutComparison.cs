namespace Crm.Churn;

/// <summary>
/// How well a model fitted on a calibration period predicts the holdout period after it (<see cref="BgNbdModel.CompareHoldout"/>):
/// the table of predicted against actual mean holdout purchases by calibration frequency that lifetimes plots
/// (<c>plot_calibration_purchases_vs_holdout_purchases</c>), and a summary of the fit.
/// </summary>
public sealed record HoldoutComparison
{
    /// <summary>Gets the groups by calibration frequency, 0, 1, … up to the open last group, each that has customers.</summary>
    public required IReadOnlyList<HoldoutFrequencyGroup> Groups { get; init; }

    /// <summary>Gets the number of customers compared.</summary>
    public required int CustomerCount { get; init; }

    /// <summary>Gets the total number of purchase periods in the holdout period.</summary>
    public required double ActualPurchases { get; init; }

    /// <summary>Gets the total of the model's conditional expectations for the holdout period.</summary>
    public required double PredictedPurchases { get; init; }

    /// <summary>Gets the mean over customers of |predicted − actual| holdout purchases.</summary>
    public required double MeanAbsoluteError { get; init; }

    /// <summary>Gets the root of the mean over customers of (predicted − actual)² holdout purchases.</summary>
    public required double RootMeanSquaredError { get; init; }

    /// <summary>Gets the Pearson correlation over customers between predicted and actual holdout purchases; NaN when either does not vary.</summary>
    public required double Correlation { get; init; }
}
