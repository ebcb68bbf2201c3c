namespace Crm.Churn;

/// <summary>
/// A model of a customer base's purchases and drop-out, fitted or built from known parameters: <see cref="BgNbdModel"/>,
/// <see cref="ParetoNbdModel"/> or <see cref="ModifiedBgNbdModel"/>. Lifetime value
/// (<see cref="GammaGammaModel.LifetimeValue"/>), holdout validation and batch predictions work with any of them.
/// </summary>
/// <remarks>Times are in whatever unit the model's summaries use.</remarks>
public interface IPurchaseModel
{
    /// <summary>Gets the probability that a customer with this history is still alive at the end of observation.</summary>
    /// <param name="customer">The history.</param>
    /// <returns>A probability in [0, 1].</returns>
    /// <exception cref="CrmValidationException">The history is impossible (<see cref="ChurnErrorCodes.HistoryInvalid"/>).</exception>
    double ProbabilityAlive(CustomerSummary customer);

    /// <summary>Gets the expected number of purchases in the next <paramref name="t"/> time units of a customer with this history.</summary>
    /// <param name="customer">The history.</param>
    /// <param name="t">The horizon, at least 0.</param>
    /// <returns>The conditional expectation, E[Y(t) | x, t_x, T].</returns>
    /// <exception cref="CrmValidationException">The history is impossible (<see cref="ChurnErrorCodes.HistoryInvalid"/>).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="t"/> is negative or not finite.</exception>
    double ExpectedPurchases(CustomerSummary customer, double t);

    /// <summary>Computes <see cref="ProbabilityAlive"/> and <see cref="ExpectedPurchases"/> for many customers at once, splitting large inputs over the processors.</summary>
    /// <param name="customers">The histories.</param>
    /// <param name="t">The horizon, at least 0.</param>
    /// <param name="probabilityAlive">Receives P(alive) per customer; at least as long as <paramref name="customers"/>.</param>
    /// <param name="expectedPurchases">Receives E[Y(t)] per customer; at least as long as <paramref name="customers"/>.</param>
    /// <remarks>Every history is checked before anything is written to the outputs.</remarks>
    /// <exception cref="ArgumentException">An output is shorter than the input.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="t"/> is negative or not finite.</exception>
    /// <exception cref="CrmValidationException">A history is impossible (<see cref="ChurnErrorCodes.HistoryInvalid"/>); <see cref="CrmValidationException.Field"/> names it, such as <c>customers[12]</c>.</exception>
    void Predict(ReadOnlyMemory<CustomerSummary> customers, double t, Memory<double> probabilityAlive, Memory<double> expectedPurchases);

    /// <summary>
    /// Compares the model, fitted on a calibration period, with what the customers bought in the holdout period after it:
    /// predicted against actual mean holdout purchases by calibration frequency, and a summary of the fit.
    /// </summary>
    /// <param name="customers">The customers split at the end of calibration, as <see cref="TransactionSummary.SplitCalibrationHoldout"/> gives them, in the model's time unit.</param>
    /// <param name="openGroupFrom">The calibration frequency from which customers share the last group ("7+" for 7, as in Fader, Hardie and Lee's figure), at least 1.</param>
    /// <returns>The table and the summary.</returns>
    /// <remarks>
    /// Each customer's prediction is <see cref="ExpectedPurchases"/> of the calibration history over
    /// <see cref="CalibrationHoldoutSummary.HoldoutDuration"/>, and the actual count is
    /// <see cref="CalibrationHoldoutSummary.HoldoutFrequency"/> (purchase periods, as the model counts purchases). lifetimes'
    /// plot shows the first seven groups 0 to 6 without an open group; this table's groups below
    /// <paramref name="openGroupFrom"/> are the same numbers.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="customers"/> or one of them is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="openGroupFrom"/> is less than 1, or a holdout duration is negative or not finite.</exception>
    /// <exception cref="CrmValidationException">A calibration history is impossible (<see cref="ChurnErrorCodes.HistoryInvalid"/>); <see cref="CrmValidationException.Field"/> names it, such as <c>customers[12]</c>.</exception>
    HoldoutComparison CompareHoldout(IReadOnlyList<CalibrationHoldoutSummary> customers, int openGroupFrom = 7);
}
