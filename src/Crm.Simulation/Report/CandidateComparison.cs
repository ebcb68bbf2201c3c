namespace Crm.Simulation;

/// <summary>A candidate compared with the baseline.</summary>
public sealed record CandidateComparison
{
    /// <summary>Gets the candidate's name.</summary>
    public required string Candidate { get; init; }

    /// <summary>Gets the candidate's net points issued in the period less the baseline's.</summary>
    public required long PointsIssuedDelta { get; init; }

    /// <summary>Gets the number of customers whose tier at the end differs from the baseline's.</summary>
    public required int CustomersWithOtherTier { get; init; }

    /// <summary>Gets the customers who gain most (points, then a higher tier), largest gain first.</summary>
    public required IReadOnlyList<CustomerDifference> Gainers { get; init; }

    /// <summary>Gets the customers who lose most, largest loss first.</summary>
    public required IReadOnlyList<CustomerDifference> Losers { get; init; }

    /// <summary>Returns the comparison in one line, with the customers by their ids and point changes.</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        $"{Candidate}: {PointsIssuedDelta:+#;-#;0} pts issued, {CustomersWithOtherTier} customers in another tier, " +
        $"gainers [{string.Join(", ", Gainers.Select(g => $"{g.CustomerId} {g.PointsDelta:+#;-#;0}"))}], losers [{string.Join(", ", Losers.Select(l => $"{l.CustomerId} {l.PointsDelta:+#;-#;0}"))}]";
}
