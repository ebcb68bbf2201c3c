using Crm.Churn;

namespace Crm.Simulation;

/// <summary>What one scenario (the baseline or a candidate) gives over the period.</summary>
public sealed record ScenarioResult
{
    /// <summary>Gets the scenario's name: <c>baseline</c> or the candidate's.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the purchases and refunds replayed, before and in the period.</summary>
    public required long FactsReplayed { get; init; }

    /// <summary>Gets the purchases and refunds of the period.</summary>
    public required long FactsInPeriod { get; init; }

    /// <summary>Gets the customers with activity in the replay.</summary>
    public required int Customers { get; init; }

    /// <summary>Gets the points by local month of the period; empty without Crm.Points.</summary>
    public required IReadOnlyList<MonthlyPoints> PointsByMonth { get; init; }

    /// <summary>Gets the number of customers in each tier at the end of the period, in the policy's order; empty without Crm.Membership.</summary>
    public required IReadOnlyDictionary<string, int> TiersAtEnd { get; init; }

    /// <summary>Gets the tier changes in the period.</summary>
    public required TierMoves TierMoves { get; init; }

    /// <summary>Gets the coupons issued and redeemed in the period by template; empty without Crm.Coupons.</summary>
    public required IReadOnlyList<CouponTemplateUsage> Coupons { get; init; }

    /// <summary>Gets the number of customers at each churn level at the end of the period (a churn run at the end); empty without Crm.Churn.</summary>
    public required IReadOnlyDictionary<ChurnLevel, int> ChurnLevelsAtEnd { get; init; }

    /// <summary>Gets the number of customers in each segment at the end of the period (a segmentation run at the end); empty without Crm.Segmentation.</summary>
    public required IReadOnlyDictionary<string, int> SegmentsAtEnd { get; init; }

    /// <summary>Gets the points earned in the period, less reversals.</summary>
    public long NetPointsIssued => PointsByMonth.Sum(m => checked(m.Issued - m.Reversed));

    /// <summary>Returns the scenario's figures in one line, with its lists by their items.</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        $"{Name}: {FactsInPeriod} facts in the period ({FactsReplayed} replayed), {Customers} customers, {NetPointsIssued} pts issued net, " +
        $"tiers [{string.Join(", ", TiersAtEnd.Select(t => $"{t.Key}={t.Value}"))}], {TierMoves.Upgrades} up / {TierMoves.Downgrades} down, " +
        $"coupons [{string.Join(", ", Coupons.Select(c => $"{c.TemplateId}: {c.Issued} issued, {c.Redeemed} redeemed"))}], " +
        $"churn [{string.Join(", ", ChurnLevelsAtEnd.Select(c => $"{c.Key}={c.Value}"))}], segments [{string.Join(", ", SegmentsAtEnd.Select(s => $"{s.Key}={s.Value}"))}]";
}
