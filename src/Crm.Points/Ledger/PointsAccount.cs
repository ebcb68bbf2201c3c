namespace Crm.Points;

/// <summary>A customer's points account as the store keeps it: the cached balance, debt and award counters, with a version.</summary>
public sealed record PointsAccount
{
    private static readonly IReadOnlyDictionary<string, long> NoCounters = new Dictionary<string, long>();

    /// <summary>Gets the customer.</summary>
    public required CustomerId CustomerId { get; init; }

    /// <summary>Gets the version: 0 before the first write, one more after each.</summary>
    public long Version { get; init; }

    /// <summary>Gets the number of ledger entries.</summary>
    public long EntryCount { get; init; }

    /// <summary>Gets the balance: the sum of every entry's points (pending and not yet processed expired points included).</summary>
    public PointAmount Balance { get; init; }

    /// <summary>Gets the sum of the lots' remaining points; above <see cref="Balance"/> when a negative balance is owed.</summary>
    public PointAmount LotPoints { get; init; }

    /// <summary>Gets the points owed under <see cref="RefundDebtPolicy.Debt"/>, which later earnings settle.</summary>
    public PointAmount Debt { get; init; }

    /// <summary>Gets the award counters: bonuses given (<c>firstPurchase</c>, <c>birthday:2026</c>, <c>event:signUp</c>) and points earned per local day (<c>day:2026-06-01</c>, kept for a week).</summary>
    public IReadOnlyDictionary<string, long> Counters { get; init; } = NoCounters;

    /// <summary>Gets the open lots (remaining above zero) when they were asked for; otherwise empty.</summary>
    public IReadOnlyList<PointsLot> Lots { get; init; } = [];

    /// <summary>Gets what the customer owes in all: the debt plus any negative balance not yet earned back.</summary>
    public PointAmount Owed => Debt + PointAmount.Max(PointAmount.Zero, LotPoints - Balance);
}
