namespace Crm.Churn;

/// <summary>One signal's part in a churn assessment, with its numbers.</summary>
public sealed record ChurnReason
{
    /// <summary>Gets the signal.</summary>
    public required ChurnSignal Signal { get; init; }

    /// <summary>Gets how strongly it fired, 0 to 1, before its weight.</summary>
    public required double Strength { get; init; }

    /// <summary>Gets its weighted strength, 0 to 1; the score is 1 − Π(1 − contribution).</summary>
    public required double Contribution { get; init; }

    /// <summary>Gets the measured value: days since last purchase ÷ median gap, the drop in percent, the probability of churn, or the number of unresolved complaints.</summary>
    public required double Value { get; init; }

    /// <summary>Gets the value the policy compares it with (multiplier, minimum drop in percent; 0 for the model and feedback).</summary>
    public required double Threshold { get; init; }

    /// <summary>Gets the reason in words, for staff, in the culture of <see cref="CrmOptions.Culture"/> when the customer was assessed (the saved assessment keeps it).</summary>
    public required string Message { get; init; }
}
