namespace Crm.Churn;

/// <summary>One row of <see cref="HoldoutComparison.Groups"/>: the customers with one calibration frequency, and what they bought in the holdout period against what the model predicted.</summary>
public sealed record HoldoutFrequencyGroup
{
    /// <summary>Gets the number of repeat purchases in the calibration period, x; the lowest of the last, open group.</summary>
    public required int Frequency { get; init; }

    /// <summary>Gets a value indicating whether this is the last group, of every x at or above <see cref="Frequency"/> ("7+").</summary>
    public required bool IsOpenEnded { get; init; }

    /// <summary>Gets the number of customers in the group.</summary>
    public required int CustomerCount { get; init; }

    /// <summary>Gets the mean number of purchase periods in the holdout period.</summary>
    public required double ActualMean { get; init; }

    /// <summary>Gets the mean of the model's conditional expectations E[Y(holdout duration) | x, t_x, T].</summary>
    public required double PredictedMean { get; init; }
}
