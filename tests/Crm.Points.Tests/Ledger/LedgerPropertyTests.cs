using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using static Crm.TestUtils.Facts;

namespace Crm.Points.Tests.Ledger;

/// <summary>
/// Random sequences of purchases (earn), redemptions, refunds, adjustments, event awards and expiry runs through the
/// front door, under both refund policies, with or without pending points, and one-month expiry. After every step, each
/// invariant is checked. FsCheck generates the steps themselves, so a failure shrinks to a short sequence that still fails.
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

    /// <summary>What a step does; <see cref="Step.Amount"/> and <see cref="Step.Pick"/> are read per kind (see <see cref="Run"/>).</summary>
    private enum Op
    {
        Purchase,
        Redeem,
        Refund,
        Adjust,
        Event,
        Expire,
    }

    /// <summary>One generated operation, <see cref="Hours"/> after the previous one.</summary>
    private readonly record struct Step(Op Op, int Hours, int Amount, int Pick);

    [Property(MaxTest = 40)]
    public Property Balance_EqualsLedgerSum_Holds() => Check(Invariant.BalanceEqualsLedgerSum);

    [Property(MaxTest = 40)]
    public Property Balance_NeverNegativeUnderDebtPolicy_Holds() => Check(Invariant.NeverNegativeUnderDebtPolicy);

    [Property(MaxTest = 40)]
    public Property Replay_ChangesNothing_Holds() => Check(Invariant.ReplayChangesNothing);

    [Property(MaxTest = 40)]
    public Property Expiry_NeverRemovesUnexpiredPoints_Holds() => Check(Invariant.ExpiryKeepsUnexpiredPoints);

    private static readonly Gen<Step> StepGen =
        from op in Gen.Frequency((3, Gen.Constant(Op.Purchase)), (2, Gen.Constant(Op.Redeem)), (2, Gen.Constant(Op.Refund)), (1, Gen.Constant(Op.Adjust)), (1, Gen.Constant(Op.Event)), (1, Gen.Constant(Op.Expire)))
        from hours in Gen.Choose(0, 71)
        from amount in Gen.Choose(1, 19_999)
        from pick in Gen.Choose(0, 99)
        select new Step(op, hours, amount, pick);

    private static readonly Arbitrary<Step[]> Steps = Arb.From(
        from count in Gen.Choose(1, 40)
        from steps in Gen.ArrayOf(StepGen, count)
        select steps,
        Shrink);

    /// <summary>Shrinks a failing sequence: without its first or second half, then without each single step.</summary>
    private static IEnumerable<Step[]> Shrink(Step[] steps)
    {
        if (steps.Length > 1)
        {
            yield return steps[(steps.Length / 2)..];
            yield return steps[..(steps.Length / 2)];
        }

        for (var i = 0; i < steps.Length && steps.Length > 1; i++)
        {
            yield return [.. steps[..i], .. steps[(i + 1)..]];
        }
    }

    private static Property Check(Invariant invariant) =>
        Prop.ForAll(
            Steps,
            Gen.Elements(RefundDebtPolicy.Debt, RefundDebtPolicy.NegativeBalance).ToArbitrary(),
            Gen.Elements(0, 2).ToArbitrary(),
            (steps, policy, pendingDays) => Run(invariant, steps, policy, pendingDays).GetAwaiter().GetResult());

    private static async Task<bool> Run(Invariant invariant, Step[] steps, RefundDebtPolicy policy, int pendingDays)
    {
        var rules = new EarnRules
        {
            FirstPurchaseBonus = 10,
            ExcludedCategories = ["gift-card"],
            Multipliers = [new MemberDayMultiplier { DayOfWeek = IsoDayOfWeek.Tuesday, Factor = 2m }],
            Events = [new EventAward { Event = "review", Points = 15, PerCustomerLimit = 3 }],
        };
        var (crm, points) = Create(rules, Local(2026, 1, 1), o =>
        {
            o.RefundPolicy = policy;
            o.Expiry = PointsExpiry.MonthsAfterEarning(1);
            o.PendingDays = pendingDays;
        });
        using var _ = crm;
        var store = Store(crm);
        var purchases = new List<(string Id, decimal Left)>();
        for (var index = 0; index < steps.Length; index++)
        {
            var step = steps[index];
            crm.Clock.Advance(Duration.FromHours(step.Hours));
            var now = crm.Clock.GetCurrentInstant();
            Func<Task> operation;
            switch (step.Op)
            {
                case Op.Purchase:
                    // 0.01 to 199.99, one time in four with a 5.00 gift card that earns nothing (and whose refund reverses nothing).
                    var purchase = step.Pick % 4 == 0
                        ? Purchase($"p-{index}", "c-1", now, Line("1", step.Amount / 100m), Line("2", 5m, category: "gift-card"))
                        : Purchase($"p-{index}", "c-1", now, Line("1", step.Amount / 100m));
                    purchases.Add((purchase.Id, purchase.PaidTotal.Amount));
                    operation = () => crm.Manager.RecordPurchaseAsync(purchase);
                    break;
                case Op.Redeem:
                    // Keys from a pool of 10, so a later redemption may repeat an earlier one's key: with the same amount a
                    // replay, with another one refused (points.key_reused) with nothing written.
                    var amount = new PointAmount(1 + (step.Amount % 150));
                    var key = $"r-{step.Pick % 10}";
                    operation = KeyMayBeReused(points, () => points.RedeemAsync(C1, amount, key, "reward"));
                    break;
                case Op.Refund:
                    // 1 % to 100 % of what is left of one of the purchases so far.
                    if (purchases.Count == 0 || purchases[step.Pick % purchases.Count] is not { Left: > 0m } bought)
                    {
                        continue;
                    }

                    var refunded = Math.Max(0.01m, decimal.Round(bought.Left * (1 + (step.Amount % 100)) / 100m, 2));
                    purchases[step.Pick % purchases.Count] = (bought.Id, bought.Left - refunded);
                    var refund = RefundAmount($"rf-{index}", bought.Id, now, refunded);
                    operation = () => crm.Manager.RecordRefundAsync(refund);
                    break;
                case Op.Adjust:
                    // -60 to +99, never 0; keys from a pool of 10, as for redemptions.
                    var delta = new PointAmount(step.Amount % 160 - 60 is var d && d != 0 ? d : 1);
                    var adjustKey = $"a-{step.Pick % 10}";
                    operation = KeyMayBeReused(points, () => points.AdjustAsync(C1, delta, adjustKey, "goodwill", "op-1"));
                    break;
                case Op.Event:
                    var eventKey = $"e-{step.Pick % 10}";
                    operation = () => points.AwardEventAsync(C1, "review", eventKey);
                    break;
                default:
                    crm.Clock.Advance(Duration.FromDays(step.Pick % 20));
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
            if (!await Holds(invariant, policy, points, store))
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

    /// <summary>Runs a write whose key may have named another change before: then it must be refused and write nothing.</summary>
    private static Func<Task> KeyMayBeReused(PointsManager points, Func<Task> write) => async () =>
    {
        var before = await Snapshot(points);
        try
        {
            await write();
        }
        catch (CrmValidationException e) when (e.ErrorCode == PointsErrorCodes.KeyReused)
        {
            if (await Snapshot(points) != before)
            {
                throw new InvalidOperationException("A refused key reuse wrote something.");
            }
        }
    };

    private static async Task<bool> Holds(Invariant invariant, RefundDebtPolicy policy, PointsManager points, IPointsLedgerStore store)
    {
        var balance = await points.GetBalanceAsync(C1);
        return invariant switch
        {
            // The balance is the sum of the entries, and the account's lot points the sum of what its open lots hold.
            Invariant.BalanceEqualsLedgerSum => balance.Total.Value == (await points.GetStatementAsync(C1, limit: 1000)).Entries.Sum(e => e.Points.Value)
                && await store.FindAsync(C1, includeLots: true) is var account
                && (account is null || account.LotPoints.Value == account.Lots.Sum(l => l.Remaining.Value)),
            Invariant.NeverNegativeUnderDebtPolicy => policy != RefundDebtPolicy.Debt || (balance.Total.Value >= 0 && balance.Available.Value >= 0),
            _ => true,
        };
    }
}
