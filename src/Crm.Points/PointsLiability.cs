namespace Crm.Points;

/// <summary>What the programme's outstanding points are worth.</summary>
public sealed record PointsLiability
{
    /// <summary>Gets the points customers hold (the positive balances, pending included).</summary>
    public required PointAmount OutstandingPoints { get; init; }

    /// <summary>Gets the configured cost of one point, or <see langword="null"/> when none is set.</summary>
    public Money? CostPerPoint { get; init; }

    /// <summary>Gets the outstanding points times the cost per point, rounded to minor units; <see langword="null"/> without a cost.</summary>
    public Money? Value { get; init; }
}
