using NodaTime;

namespace Crm.Simulation;

/// <summary>A scenario's points in one local month of the period.</summary>
/// <param name="Month">The month, in the programme's time zone.</param>
/// <param name="Issued">The points earned on purchases made in the month.</param>
/// <param name="Reversed">The points taken back by refunds made in the month.</param>
/// <param name="Redeemed">The points spent in the month. Spending is not a journal fact, so a replay spends none: always 0 unless a package spends points in its handlers.</param>
/// <param name="Expired">The points expired by the expiry run at the month's end.</param>
/// <param name="Outstanding">The points outstanding at the month's end (after its expiry run).</param>
/// <param name="Liability">The outstanding points' value at <see cref="Points.PointsOptions.CostPerPoint"/>, or <see langword="null"/> when no cost is configured.</param>
public sealed record MonthlyPoints(YearMonth Month, long Issued, long Reversed, long Redeemed, long Expired, long Outstanding, Money? Liability);
