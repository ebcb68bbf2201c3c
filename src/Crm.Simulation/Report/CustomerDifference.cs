namespace Crm.Simulation;

/// <summary>How one customer fares under a candidate compared with the baseline, with the packages' own explanations.</summary>
/// <param name="CustomerId">The customer.</param>
/// <param name="BaselinePoints">The points the customer earned in the period under the baseline, less reversals.</param>
/// <param name="CandidatePoints">The same under the candidate.</param>
/// <param name="BaselineTier">The customer's tier at the end under the baseline, or <see langword="null"/> without Crm.Membership.</param>
/// <param name="CandidateTier">The same under the candidate.</param>
/// <param name="Explanation">Why: the earn rules' contributions summed by rule (<see cref="Points.EarnContribution"/>) and the last tier change's explanation (<see cref="Membership.TierChange.Explanation"/>) under each.</param>
public sealed record CustomerDifference(CustomerId CustomerId, long BaselinePoints, long CandidatePoints, string? BaselineTier, string? CandidateTier, IReadOnlyList<string> Explanation)
{
    /// <summary>Gets the candidate's points less the baseline's.</summary>
    public long PointsDelta => checked(CandidatePoints - BaselinePoints);

    /// <summary>Returns the difference in one line, with the explanations.</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        $"{CustomerId}: {BaselinePoints} -> {CandidatePoints} pts, {BaselineTier} -> {CandidateTier}; {string.Join("; ", Explanation)}";
}
