using Crm.TestUtils;
using static Crm.TestUtils.Facts;

namespace Crm.Points.Tests.Ledger;

/// <summary>What a refund takes back when the purchase's points expired, and when it returns lines that earned nothing.</summary>
public sealed class RefundReversalTests : PointsTestBase
{
    [Theory]
    [InlineData(RefundDebtPolicy.Debt)]
    [InlineData(RefundDebtPolicy.NegativeBalance)]
    public async Task Refund_AfterThePurchasesPointsExpired_TakesNothingElse(RefundDebtPolicy policy)
    {
        // 100 earned on 20 December 2025 expire at the local year end, unspent; 100 more earned on 3 January 2026.
        var (crm, points) = await ExpiredAtYearEndAsync(policy, spent: 0);
        using var _ = crm;
        crm.Clock.Reset(Local(2026, 1, 5, 12));
        await crm.Manager.RecordPurchaseAsync(Purchase("p-2", "c-1", Local(2026, 1, 3, 10), Line("1", 100m)));

        // The full refund of p-1 reverses its 100 points, all of which the expiry already took: the expiry is undone, 0 more to take.
        var refund = await crm.Manager.RecordRefundAsync(RefundAmount("rf-1", "p-1", Local(2026, 1, 5, 11), 100m));

        var reversal = refund.GetOutcome<PointsReversal>()!;
        reversal.Points.Should().Be(new PointAmount(100));
        reversal.Expired.Should().Be(new PointAmount(100));
        reversal.Debt.Should().Be(PointAmount.Zero);
        reversal.Entries.Select(e => (e.Kind, e.Points.Value)).Should().Equal((PointsEntryKind.Reversal, -100L), (PointsEntryKind.Expiry, 100L));
        reversal.Entries[0].Reason.Should().EndWith("100 of 100 pts reversed");
        reversal.Entries[1].Reason.Should().Be("refund rf-1: 100 of the reversed pts had expired unspent, their expiry is undone");
        // Points earned in December are net of the refund (membership reads this): 100 - 100.
        (await crm.Get<ICustomerPointsReader>().GetPointsEarnedAsync(C1, Local(2025, 12, 1), Local(2026, 1, 1))).Should().Be(PointAmount.Zero);
        var balance = await points.GetBalanceAsync(C1);
        balance.Total.Should().Be(new PointAmount(100));
        balance.Available.Should().Be(new PointAmount(100));
        balance.Debt.Should().Be(PointAmount.Zero);
        var lot = await Store(crm).FindLotAsync(C1, "purchase:p-1");
        lot!.Expired.Should().Be(PointAmount.Zero);
        lot.Reversed.Should().Be(new PointAmount(100));
    }

    [Fact]
    public async Task Refund_AfterPartSpentAndTheRestExpired_TakesBackOnlyTheSpentPart()
    {
        // p-1 earns 100; 30 are spent in December and 70 expire at the year end. p-2 earns 100 in January.
        var (crm, points) = await ExpiredAtYearEndAsync(RefundDebtPolicy.Debt, spent: 30);
        using var _ = crm;
        crm.Clock.Reset(Local(2026, 1, 5, 12));
        await crm.Manager.RecordPurchaseAsync(Purchase("p-2", "c-1", Local(2026, 1, 3, 10), Line("1", 100m)));

        // First half: floor(100 x 50/100) = 50, all of it from the 70 expired points: nothing taken, 20 expired left.
        var first = (await crm.Manager.RecordRefundAsync(RefundAmount("rf-1", "p-1", Local(2026, 1, 5, 10), 50m))).GetOutcome<PointsReversal>()!;
        // Second half: 50 more; 20 expired, the other 30 were spent and come from p-2's lot.
        var second = (await crm.Manager.RecordRefundAsync(RefundAmount("rf-2", "p-1", Local(2026, 1, 5, 11), 50m))).GetOutcome<PointsReversal>()!;

        (first.Points, first.Expired, first.Debt).Should().Be((new PointAmount(50), new PointAmount(50), PointAmount.Zero));
        (second.Points, second.Expired, second.Debt).Should().Be((new PointAmount(50), new PointAmount(20), PointAmount.Zero));
        var balance = await points.GetBalanceAsync(C1);
        balance.Total.Should().Be(new PointAmount(70));   // 100 - 30 - 70 + 100 - 0 - 30
        balance.Available.Should().Be(new PointAmount(70));
        (await Store(crm).FindLotAsync(C1, "purchase:p-2"))!.Remaining.Should().Be(new PointAmount(70));
        var statement = await points.GetStatementAsync(C1);
        statement.Entries.Sum(e => e.Points.Value).Should().Be(70);
    }

    [Theory]
    [InlineData(RefundDebtPolicy.Debt)]
    [InlineData(RefundDebtPolicy.NegativeBalance)]
    public async Task Refund_AfterPartSpentAndTheRestExpired_WithNothingLeft_OwesOnlyTheSpentPart(RefundDebtPolicy policy)
    {
        var (crm, points) = await ExpiredAtYearEndAsync(policy, spent: 30);
        using var _ = crm;

        // 100 reversed: 70 had expired (their expiry is undone), the 30 spent are owed or take the balance below zero.
        var reversal = (await crm.Manager.RecordRefundAsync(RefundAmount("rf-1", "p-1", Local(2026, 1, 1, 12), 100m))).GetOutcome<PointsReversal>()!;

        (reversal.Points, reversal.Expired, reversal.Debt).Should().Be((new PointAmount(100), new PointAmount(70), new PointAmount(30)));
        var balance = await points.GetBalanceAsync(C1);
        var statement = (await points.GetStatementAsync(C1)).Entries.Select(e => (e.Kind, e.Points.Value)).Reverse();
        if (policy == RefundDebtPolicy.Debt)
        {
            balance.Total.Should().Be(PointAmount.Zero);   // 100 - 30 - 70 - 100 + 70 + 30
            balance.Debt.Should().Be(new PointAmount(30));
            statement.Should().Equal(
                (PointsEntryKind.Earn, 100L),
                (PointsEntryKind.Redemption, -30L),
                (PointsEntryKind.Expiry, -70L),
                (PointsEntryKind.Reversal, -100L),
                (PointsEntryKind.Expiry, 70L),
                (PointsEntryKind.DebtRecorded, 30L));
        }
        else
        {
            balance.Total.Should().Be(new PointAmount(-30));   // 100 - 30 - 70 - 100 + 70
            balance.Available.Should().Be(new PointAmount(-30));
            balance.Debt.Should().Be(PointAmount.Zero);
        }
    }

    [Fact]
    public async Task Refund_OfPointsPastExpiryBeforeTheJobRan_TakesThemFromTheirOwnLot()
    {
        var (crm, points) = Create(BaseRules, Local(2026, 1, 5, 12), o => o.Expiry = PointsExpiry.EndOfYear(0));
        using var _ = crm;

        // p-1's 100 points are past their expiry, but the job has not run yet.
        await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "c-1", Local(2025, 12, 20, 10), Line("1", 100m)));
        await crm.Manager.RecordPurchaseAsync(Purchase("p-2", "c-1", Local(2026, 1, 3, 10), Line("1", 100m)));

        var reversal = (await crm.Manager.RecordRefundAsync(RefundAmount("rf-1", "p-1", Local(2026, 1, 5, 11), 100m))).GetOutcome<PointsReversal>()!;
        var expiry = await points.ExpireAsync(Local(2026, 1, 5, 12));

        // The reversal takes p-1's own 100; the job then finds nothing to expire and p-2's lot is whole.
        (reversal.Points, reversal.Expired, reversal.Debt).Should().Be((new PointAmount(100), PointAmount.Zero, PointAmount.Zero));
        expiry.Points.Should().Be(PointAmount.Zero);
        (await points.GetBalanceAsync(C1)).Total.Should().Be(new PointAmount(100));
        (await Store(crm).FindLotAsync(C1, "purchase:p-2"))!.Remaining.Should().Be(new PointAmount(100));
    }

    [Fact]
    public async Task Refund_OfLinesThatEarnedNothing_TakesNothingBack_TheShareIsOfTheEarningLines()
    {
        var (crm, points) = Create(BaseRules, Local(2026, 6, 2));
        using var _ = crm;

        // Two coffees at 15.00 earn 30; a 50.00 gift card (excluded) earns nothing. Paid 80.00.
        await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "c-1", Local(2026, 6, 1, 10), Line("1", 15m, quantity: 2m), Line("2", 50m, category: "gift-card")));

        // Returning the gift card reverses nothing (the share of the whole amount would have been floor(30 x 50/80) = 18).
        var card = await crm.Manager.RecordRefundAsync(RefundLines("rf-1", "p-1", Local(2026, 6, 1, 11), ("2", 1m)));
        // One coffee: 15.00 of the 30.00 that earned, floor(30 x 15/30) = 15.
        var coffee = await crm.Manager.RecordRefundAsync(RefundLines("rf-2", "p-1", Local(2026, 6, 1, 12), ("1", 1m)));
        // The last 15.00, as an amount: all 30.00 that earned is back, so all 30 points.
        var rest = await crm.Manager.RecordRefundAsync(RefundAmount("rf-3", "p-1", Local(2026, 6, 1, 13), 15m));

        card.GetOutcome<PointsReversal>()!.Points.Should().Be(PointAmount.Zero);
        coffee.GetOutcome<PointsReversal>()!.Points.Should().Be(new PointAmount(15));
        rest.GetOutcome<PointsReversal>()!.Points.Should().Be(new PointAmount(15));
        (await points.GetBalanceAsync(C1)).Total.Should().Be(PointAmount.Zero);
    }

    [Fact]
    public async Task Refund_OfAPurchaseWhoseOnlyPointsAreABonusOnExcludedLines_UsesTheShareOfTheWholeAmount()
    {
        var rules = new EarnRules { PointsPerUnit = 1m, ExcludedCategories = ["gift-card"], FirstPurchaseBonus = 50 };
        var (crm, points) = Create(rules, Local(2026, 6, 2));
        using var _ = crm;

        // A first purchase of a 100.00 gift card earns only the 50-point bonus; refunding 40.00 of it reverses floor(50 x 40/100) = 20.
        await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "c-1", Local(2026, 6, 1, 10), Line("1", 100m, category: "gift-card")));
        var refund = await crm.Manager.RecordRefundAsync(RefundAmount("rf-1", "p-1", Local(2026, 6, 1, 11), 40m));

        refund.GetOutcome<PointsReversal>()!.Points.Should().Be(new PointAmount(20));
        (await points.GetBalanceAsync(C1)).Total.Should().Be(new PointAmount(30));
    }

    /// <summary>
    /// p-1 earns 100 on 20 December 2025 under end-of-year expiry, <paramref name="spent"/> of them are redeemed in
    /// December, and the expiry job removes the rest at the local year end; the clock is left at 2 January 2026.
    /// </summary>
    private static async Task<(TestCrm Crm, PointsManager Points)> ExpiredAtYearEndAsync(RefundDebtPolicy policy, long spent)
    {
        var (crm, points) = Create(BaseRules, Local(2025, 12, 21), o =>
        {
            o.Expiry = PointsExpiry.EndOfYear(0);
            o.RefundPolicy = policy;
        });
        await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "c-1", Local(2025, 12, 20, 10), Line("1", 100m)));
        if (spent > 0)
        {
            (await points.RedeemAsync(C1, new PointAmount(spent), "r-1", "latte")).Status.Should().Be(PointsChangeStatus.Applied);
        }

        crm.Clock.Reset(Local(2026, 1, 2));
        (await points.ExpireAsync(Local(2026, 1, 1))).Points.Should().Be(new PointAmount(100 - spent));
        return (crm, points);
    }
}
