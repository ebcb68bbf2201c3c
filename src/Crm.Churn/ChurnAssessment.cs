using System.Globalization;
using System.Text;
using Crm.Internal;
using NodaTime;

namespace Crm.Churn;

/// <summary>A customer's churn risk at an instant: score, level, reasons and value at risk.</summary>
/// <remarks>Saved by <see cref="ChurnManager"/> as the customer's latest assessment; ranked by <see cref="ValueAtRisk"/>.</remarks>
public sealed record ChurnAssessment
{
    /// <summary>Gets the customer.</summary>
    public required CustomerId CustomerId { get; init; }

    /// <summary>Gets when the customer was assessed.</summary>
    public required Instant AssessedAt { get; init; }

    /// <summary>Gets the risk score, 0 to 1: 1 − Π(1 − contribution) over the signals.</summary>
    public required double Score { get; init; }

    /// <summary>Gets the level the score reaches.</summary>
    public required ChurnLevel Level { get; init; }

    /// <summary>
    /// Gets the signals that contributed, strongest first; then, when the policy weighs the model signal but the model in
    /// use has no BG/NBD model (its fit failed), a <see cref="ChurnSignal.Model"/> reason with contribution 0 whose message
    /// says why (<see cref="ChurnModelFit.PurchasesFit"/>). Empty when nothing contributed and nothing was left out.
    /// </summary>
    public IReadOnlyList<ChurnReason> Reasons { get; init; } = [];

    /// <summary>Gets the BG/NBD probability that the customer is alive, or <see langword="null"/> without a fitted model.</summary>
    public double? ProbabilityAlive { get; init; }

    /// <summary>Gets the expected purchases over the model horizon if the customer stays (E[Y(t)] ÷ P(alive), or the observed rate without a model).</summary>
    public double ExpectedPurchasesIfRetained { get; init; }

    /// <summary>Gets the expected value of the customer's purchases over the model horizon if retained.</summary>
    public required Money FutureValue { get; init; }

    /// <summary>Gets the value at risk: <see cref="Score"/> × <see cref="FutureValue"/>, rounded to minor units.</summary>
    public required Money ValueAtRisk { get; init; }

    /// <summary>Prints the lists by their items, where the generated members would print their type.</summary>
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"CustomerId = {CustomerId}, AssessedAt = {AssessedAt}, Score = {Score}, Level = {Level}, Reasons = {ListText.Of(Reasons)}, ProbabilityAlive = {ProbabilityAlive}");
        return true;
    }
}
