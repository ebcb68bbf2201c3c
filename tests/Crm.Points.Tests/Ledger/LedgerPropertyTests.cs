using Crm.TestUtils;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using static Crm.TestUtils.Facts;

namespace Crm.Points.Tests.Ledger;

/// <summary>
/// Random sequences of purchases (earn), redemptions, refunds, adjustments and expiry runs through the front door, under
/// both refund policies, with pending points and one-month expiry. After every step, each invariant is checked.
/// </summary>
public sealed class LedgerPropertyTests : PointsTestBase
{
    private enum Invariant
    {
        BalanceEqualsLedgerSum,
        NeverNegativeUnderDebtPolicy,
        ReplayChangesNothing,
        ExpiryKeepsUnexpiredPoints,
    }

    [Property(MaxTest = 25)]
    public Property Balance_EqualsLedgerSum_Holds() => Check(Invariant.BalanceEqualsLedgerSum);

    [Property(MaxTest = 25)]
    public Property Balance_NeverNegativeUnderDebtPolicy_Holds() => Check(Invariant.NeverNegativeUnderDebtPolicy);

    [Property(MaxTest = 25)]
    public Property Replay_ChangesNothing_Holds() => Check(Invariant.ReplayChangesNothing);

    [Property(MaxTest = 25)]
    public Property Expiry_NeverRemovesUnexpiredPoints_Holds() => Check(Invariant.ExpiryKeepsUnexpiredPoints);

    private static Property Check(Invariant invariant) =>
        Prop.ForAll(
            Gen.Choose(0, int.MaxValue).ToArbitrary(),
            Gen.Choose(1, 40).ToArbitrary(),
            Gen.Elements(RefundDebtPolicy.Debt, RefundDebtPolicy.NegativeBalance).ToArbitrary(),
            (seed, steps, policy) => Run(invariant, seed, steps, policy).GetAwaiter().GetResult());

    private static async Task<bool> Run(Invariant invariant, int seed, int steps, RefundDebtPolicy policy)
    {
        var random = new Random(seed);
        var rules = new EarnRules
        {
            FirstPurchaseBonus = 10,
            Multipliers = [new MemberDayMultiplier { DayOfWeek = IsoDayOfWeek.Tuesday, Factor = 2m }],
        };
        var (crm, points) = Create(rules, Local(2026, 1, 1), o =>
        {
            o.RefundPolicy = policy;
            o.Expiry = PointsExpiry.MonthsAfterEarning(1);
            o.PendingDays = random.Next(2) * 2;
        });
        using var _ = crm;
        var store = Store(crm);
        var purchases = new List<(string Id, decimal Left)>();
        for (var step = 0; step < steps; step++)
        {
            crm.Clock.Advance(Duration.FromHours(random.Next(0, 72)));
            var now = crm.Clock.GetCurrentInstant();
            var kind = purchases.Count == 0 ? 0 : random.Next(5);
            Func<Task> operation;
            switch (kind)
            {
                case 0:
                    var purchase = Purchase($"p-{step}", "c-1", now, Line("1", random.Next(1, 20_000) / 100m));
                    purchases.Add((purchase.Id, purchase.PaidTotal.Amount));
                    operation = () => crm.Manager.RecordPurchaseAsync(purchase);
                    break;
                case 1:
                    var amount = new PointAmount(random.Next(1, 150));
                    var key = $"r-{step}";
                    operation = () => points.RedeemAsync(C1, amount, key, "reward");
                    break;
                case 2:
                    var index = random.Next(purchases.Count);
                    var (id, left) = purchases[index];
                    if (left <= 0m)
                    {
                        continue;
                    }

                    var refunded = Math.Max(0.01m, decimal.Round(left * random.Next(1, 101) / 100m, 2));
                    purchases[index] = (id, left - refunded);
                    var refund = RefundAmount($"rf-{step}", id, now, refunded);
                    operation = () => crm.Manager.RecordRefundAsync(refund);
                    break;
                case 3:
                    var delta = new PointAmount(random.Next(-60, 100) is var d && d != 0 ? d : 1);
                    var adjustKey = $"a-{step}";
                    operation = () => points.AdjustAsync(C1, delta, "goodwill", "op-1", adjustKey);
                    break;
                default:
                    crm.Clock.Advance(Duration.FromDays(random.Next(0, 20)));
                    var asOf = crm.Clock.GetCurrentInstant();
                    operation = async () =>
                    {
                        var before = await store.FindAsync(C1, includeLots: true);
                        var unexpired = before?.Lots.Where(l => l.ExpiresAt is not { } e || e > asOf).ToList() ?? [];
                        await points.ExpireAsync(asOf);
                        var after = (await store.FindAsync(C1, includeLots: true))?.Lots ?? [];
                        if (invariant == Invariant.ExpiryKeepsUnexpiredPoints && unexpired.Any(l => after.SingleOrDefault(a => a.LotId == l.LotId)?.Remaining != l.Remaining))
                        {
                            throw new InvalidOperationException("Expiry removed points that had not expired.");
                        }
                    };
                    break;
            }

            await operation();
            if (!await Holds(invariant, policy, points, crm))
            {
                return false;
            }

            if (invariant == Invariant.ReplayChangesNothing)
            {
                var before = await Snapshot(points);
                await operation();
                if (await Snapshot(points) != before)
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static async Task<(long Total, long Available, long Debt, int Entries)> Snapshot(PointsManager points)
    {
        var balance = await points.GetBalanceAsync(C1);
        var entries = (await points.GetStatementAsync(C1, limit: 1000)).Entries;
        return (balance.Total.Value, balance.Available.Value, balance.Debt.Value, entries.Count);
    }

    private static async Task<bool> Holds(Invariant invariant, RefundDebtPolicy policy, PointsManager points, TestCrm crm)
    {
        var balance = await points.GetBalanceAsync(C1);
        return invariant switch
        {
            Invariant.BalanceEqualsLedgerSum => balance.Total.Value == (await points.GetStatementAsync(C1, limit: 1000)).Entries.Sum(e => e.Points.Value),
            Invariant.NeverNegativeUnderDebtPolicy => policy != RefundDebtPolicy.Debt || (balance.Total.Value >= 0 && balance.Available.Value >= 0),
            _ => true,
        };
    }
}
