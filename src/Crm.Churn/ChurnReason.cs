namespace Crm.Churn;

/// <summary>One signal's part in a churn assessment, with its numbers.</summary>
public sealed record ChurnReason
{
    /// <summary>The signal.</summary>
    public required ChurnSignal Signal { get; init; }

    /// <summary>How strongly it fired, 0 to 1, before its weight.</summary>
    public required double Strength { get; init; }

    /// <summary>Its weighted strength, 0 to 1; the score is 1 − Π(1 − contribution).</summary>
    public required double Contribution { get; init; }

    /// <summary>The measured value: days since last purchase ÷ median gap, the drop in percent, the probability of churn, or the number of unresolved complaints.</summary>
    public required double Value { get; init; }

    /// <summary>The value the policy compares it with (multiplier, minimum drop in percent; 0 for the model and feedback).</summary>
    public required double Threshold { get; init; }

    /// <summary>The reason in words, for staff.</summary>
    public required string Message { get; init; }
}
