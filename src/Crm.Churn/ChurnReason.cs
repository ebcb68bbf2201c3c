namespace Crm.Churn;

/// <summary>One signal's part in a churn assessment, with its numbers.</summary>
/// <param name="Signal">The signal.</param>
/// <param name="Strength">How strongly it fired, 0 to 1, before its weight.</param>
/// <param name="Contribution">Its weighted strength, 0 to 1; the score is 1 − Π(1 − contribution).</param>
/// <param name="Value">The measured value: days since last purchase ÷ median gap, the drop in percent, the probability of churn, or the number of unresolved complaints.</param>
/// <param name="Threshold">The value the policy compares it with (multiplier, minimum drop in percent; 0 for the model and feedback).</param>
/// <param name="Message">The reason in words, for staff.</param>
public sealed record ChurnReason(ChurnSignal Signal, double Strength, double Contribution, double Value, double Threshold, string Message);
