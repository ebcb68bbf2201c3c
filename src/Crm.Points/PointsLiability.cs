namespace Crm.Points;

/// <summary>What the programme's outstanding points are worth.</summary>
/// <param name="OutstandingPoints">The points customers hold (the positive balances, pending included).</param>
/// <param name="CostPerPoint">The configured cost of one point, or <see langword="null"/> when none is set.</param>
/// <param name="Value">The outstanding points times the cost per point, rounded to minor units; <see langword="null"/> without a cost.</param>
public sealed record PointsLiability(PointAmount OutstandingPoints, Money? CostPerPoint, Money? Value);
