namespace Crm.Simulation;

/// <summary>How one customer fares under a candidate compared with the baseline, with the packages' own explanations.</summary>
public sealed record CustomerDifference
{
    /// <summary>Gets the customer.</summary>
    public required CustomerId CustomerId { get; init; }

    /// <summary>Gets the points the customer earned in the period under the baseline, less reversals.</summary>
    public required long BaselinePoints { get; init; }

    /// <summary>Gets the same under the candidate.</summary>
    public required long CandidatePoints { get; init; }

    /// <summary>Gets the customer's tier at the end under the baseline, or <see langword="null"/> without Crm.Membership.</summary>
    public string? BaselineTier { get; init; }

    /// <summary>Gets the same under the candidate.</summary>
    public string? CandidateTier { get; init; }

    /// <summary>Gets why: the earn rules' contributions summed by rule (<see cref="Points.EarnContribution"/>) and the last tier change's explanation (<see cref="Membership.TierChange.Explanation"/>) under each.</summary>
    public required IReadOnlyList<string> Explanation { get; init; }

    /// <summary>Gets the candidate's points less the baseline's.</summary>
    public long PointsDelta => checked(CandidatePoints - BaselinePoints);

    /// <summary>Returns the difference in one line, with the explanations.</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        $"{CustomerId}: {BaselinePoints} -> {CandidatePoints} pts, {BaselineTier} -> {CandidateTier}; {string.Join("; ", Explanation)}";
}
