using NodaTime;

namespace Crm.Simulation;

/// <summary>A scenario's points in one local month of the period.</summary>
public sealed record MonthlyPoints
{
    /// <summary>Gets the month, in the programme's time zone.</summary>
    public required YearMonth Month { get; init; }

    /// <summary>Gets the points earned on purchases made in the month.</summary>
    public required long Issued { get; init; }

    /// <summary>Gets the points taken back by refunds made in the month.</summary>
    public required long Reversed { get; init; }

    /// <summary>Gets the points spent in the month. Spending is not a journal fact, so a replay spends none: always 0 unless a package spends points in its handlers.</summary>
    public required long Redeemed { get; init; }

    /// <summary>Gets the points expired by the expiry run at the month's end.</summary>
    public required long Expired { get; init; }

    /// <summary>Gets the points outstanding at the month's end (after its expiry run).</summary>
    public required long Outstanding { get; init; }

    /// <summary>Gets the outstanding points' value at <see cref="Points.PointsOptions.CostPerPoint"/>, or <see langword="null"/> when no cost is configured.</summary>
    public Money? Liability { get; init; }
}
