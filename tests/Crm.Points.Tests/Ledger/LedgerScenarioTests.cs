using Crm.TestUtils;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;
using static Crm.TestUtils.Facts;

namespace Crm.Points.Tests.Ledger;

public sealed class LedgerScenarioTests : PointsTestBase
{
    [Fact]
    public async Task Refund_PartialAfterPartialSpend_DebtPolicy_RecordsDebtThatLaterEarningSettles()
    {
        var (crm, points) = Create(BaseRules, Local(2026, 6, 2), o => o.RefundPolicy = RefundDebtPolicy.Debt);
        using var _ = crm;

        // Earn 100, spend 80 (20 left). Refund 60.00 of 100.00: floor(100 x 60/100) = 60 to reverse; 20 can be taken, 40 is owed.
        await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "c-1", Local(2026, 6, 1, 10), Line("1", 100m)));
        (await points.RedeemAsync(C1, new PointAmount(80), "r-1", "free latte")).Status.Should().Be(PointsChangeStatus.Applied);
        var refund = await crm.Manager.RecordRefundAsync(RefundAmount("rf-1", "p-1", Local(2026, 6, 1, 12), 60m));

        var reversal = refund.GetOutcome<PointsReversal>()!;
        reversal.Points.Should().Be(new PointAmount(60));
        reversal.Debt.Should().Be(new PointAmount(40));
        var after = await points.GetBalanceAsync(C1);
        after.Total.Should().Be(PointAmount.Zero);     // 100 - 80 - 60 + 40 (debt recorded) = 0
        after.Available.Should().Be(PointAmount.Zero);
        after.Debt.Should().Be(new PointAmount(40));

        // A later purchase of 50.00 earns 50: 40 settle the debt, 10 are spendable.
        await crm.Manager.RecordPurchaseAsync(Purchase("p-2", "c-1", Local(2026, 6, 1, 15), Line("1", 50m)));
        var settled = await points.GetBalanceAsync(C1);
        settled.Total.Should().Be(new PointAmount(10));
        settled.Available.Should().Be(new PointAmount(10));
        settled.Debt.Should().Be(PointAmount.Zero);
        var statement = await points.GetStatementAsync(C1);
        statement.Entries.Select(e => (e.Kind, e.Points.Value)).Should().Equal(
            (PointsEntryKind.DebtSettled, -40L),
            (PointsEntryKind.Earn, 50L),
            (PointsEntryKind.DebtRecorded, 40L),
            (PointsEntryKind.Reversal, -60L),
            (PointsEntryKind.Redemption, -80L),
            (PointsEntryKind.Earn, 100L));
    }

    [Fact]
    public async Task Refund_PartialAfterPartialSpend_NegativePolicy_GoesNegativeThenRecovers()
    {
        var (crm, points) = Create(BaseRules, Local(2026, 6, 2), o => o.RefundPolicy = RefundDebtPolicy.NegativeBalance);
        using var _ = crm;

        // Same story: 100 earned, 80 spent, 60 reversed -> 100 - 80 - 60 = -40.
        await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "c-1", Local(2026, 6, 1, 10), Line("1", 100m)));
        await points.RedeemAsync(C1, new PointAmount(80), "r-1", "free latte");
        var refund = await crm.Manager.RecordRefundAsync(RefundAmount("rf-1", "p-1", Local(2026, 6, 1, 12), 60m));

        refund.GetOutcome<PointsReversal>()!.Points.Should().Be(new PointAmount(60));
        var after = await points.GetBalanceAsync(C1);
        after.Total.Should().Be(new PointAmount(-40));
        after.Available.Should().Be(new PointAmount(-40));
        after.Debt.Should().Be(PointAmount.Zero);
        (await points.RedeemAsync(C1, new PointAmount(1), "r-2", "cookie")).Status.Should().Be(PointsChangeStatus.InsufficientPoints);

        // 50 earned later: -40 + 50 = 10.
        await crm.Manager.RecordPurchaseAsync(Purchase("p-2", "c-1", Local(2026, 6, 1, 15), Line("1", 50m)));
        var recovered = await points.GetBalanceAsync(C1);
        recovered.Total.Should().Be(new PointAmount(10));
        recovered.Available.Should().Be(new PointAmount(10));
    }

    [Fact]
    public async Task Refund_InTwoHalves_ReversesExactlyWhatWasEarned()
    {
        var (crm, points) = Create(BaseRules, Local(2026, 6, 2));
        using var _ = crm;

        // 45.50 earns 45. Half (22.75): floor(45 x 2275/4550) = 22. The rest: all 45 reversed in total, so 23 more.
        await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "c-1", Local(2026, 6, 1, 10), Line("1", 45.5m)));
        var first = await crm.Manager.RecordRefundAsync(RefundAmount("rf-1", "p-1", Local(2026, 6, 1, 11), 22.75m));
        var second = await crm.Manager.RecordRefundAsync(RefundAmount("rf-2", "p-1", Local(2026, 6, 1, 12), 22.75m));

        first.GetOutcome<PointsReversal>()!.Points.Should().Be(new PointAmount(22));
        second.GetOutcome<PointsReversal>()!.Points.Should().Be(new PointAmount(23));
        (await points.GetBalanceAsync(C1)).Total.Should().Be(PointAmount.Zero);
    }

    [Fact]
    public async Task Refund_Replay_ReversesOnce()
    {
        var (crm, points) = Create(BaseRules, Local(2026, 6, 2));
        using var _ = crm;
        await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "c-1", Local(2026, 6, 1, 10), Line("1", 100m)));
        var refund = RefundAmount("rf-1", "p-1", Local(2026, 6, 1, 11), 25m);

        await crm.Manager.RecordRefundAsync(refund);
        var replay = await crm.Manager.RecordRefundAsync(refund);

        replay.GetOutcome<PointsReversal>()!.IsReplay.Should().BeTrue();
        replay.GetOutcome<PointsReversal>()!.Points.Should().Be(new PointAmount(25));
        (await points.GetBalanceAsync(C1)).Total.Should().Be(new PointAmount(75));
    }

    [Fact]
    public async Task Expiry_AtLocalYearEndInShanghai_IsIdempotent()
    {
        var (crm, points) = Create(BaseRules, Local(2027, 1, 2), o => o.Expiry = PointsExpiry.EndOfYear(0));
        using var _ = crm;

        // Earned on 1 June 2026 and at 23:30 on 31 December 2026 (15:30 UTC): both expire at local midnight
        // starting 2027, which is 16:00 UTC on 31 December. 00:30 on 1 January 2027 belongs to 2027.
        await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "c-1", Local(2026, 6, 1, 10), Line("1", 45m)));
        await crm.Manager.RecordPurchaseAsync(Purchase("p-2", "c-1", Local(2026, 12, 31, 23, 30), Line("1", 5m)));
        await crm.Manager.RecordPurchaseAsync(Purchase("p-3", "c-1", Local(2027, 1, 1, 0, 30), Line("1", 7m)));
        var lots = (await Store(crm).FindAsync(C1, includeLots: true))!.Lots;
        lots.Single(l => l.LotId == "purchase:p-1").ExpiresAt.Should().Be(Instant.FromUtc(2026, 12, 31, 16, 0));
        lots.Single(l => l.LotId == "purchase:p-2").ExpiresAt.Should().Be(Instant.FromUtc(2026, 12, 31, 16, 0));
        lots.Single(l => l.LotId == "purchase:p-3").ExpiresAt.Should().Be(Instant.FromUtc(2027, 12, 31, 16, 0));

        var early = await points.ExpireAsync(Instant.FromUtc(2026, 12, 31, 15, 59));
        var due = await points.ExpireAsync(Instant.FromUtc(2026, 12, 31, 16, 0));
        var again = await points.ExpireAsync(Instant.FromUtc(2026, 12, 31, 16, 0));

        early.Should().Be(new PointsExpiryRunResult { Customers = 0, Points = PointAmount.Zero });
        due.Should().Be(new PointsExpiryRunResult { Customers = 1, Points = new PointAmount(50) });   // 45 + 5
        again.Should().Be(new PointsExpiryRunResult { Customers = 0, Points = PointAmount.Zero });
        (await points.GetBalanceAsync(C1)).Total.Should().Be(new PointAmount(7));
    }

    [Fact]
    public async Task Redeem_SpendsEarliestExpiringLotFirst()
    {
        var (crm, points) = Create(BaseRules, Local(2026, 6, 2), o => o.Expiry = PointsExpiry.MonthsAfterEarning(12));
        using var _ = crm;

        // Recorded out of order: the May lot (50) expires May 2027, the February lot (30) February 2027.
        await crm.Manager.RecordPurchaseAsync(Purchase("p-may", "c-1", Local(2026, 5, 1, 10), Line("1", 50m)));
        await crm.Manager.RecordPurchaseAsync(Purchase("p-feb", "c-1", Local(2026, 2, 1, 10), Line("1", 30m)));

        // 40 = all 30 of February + 10 of May.
        await points.RedeemAsync(C1, new PointAmount(40), "r-1", "mug");

        var lots = (await Store(crm).FindAsync(C1, includeLots: true))!.Lots;
        lots.Should().ContainSingle().Which.Should().Match<PointsLot>(l => l.LotId == "purchase:p-may" && l.Remaining == new PointAmount(40));
    }

    [Fact]
    public async Task Pending_PointsBecomeSpendableAfterReturnWindow()
    {
        var (crm, points) = Create(BaseRules, Local(2026, 6, 1, 12), o => o.PendingDays = 7);
        using var _ = crm;
        await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "c-1", Local(2026, 6, 1, 10), Line("1", 45m)));

        var pending = await points.GetBalanceAsync(C1);
        var refused = await points.RedeemAsync(C1, new PointAmount(10), "r-1", "cookie");
        crm.Clock.AdvanceDays(7);
        var spendable = await points.GetBalanceAsync(C1);
        var redeemed = await points.RedeemAsync(C1, new PointAmount(10), "r-1", "cookie");

        pending.Should().Match<PointsBalance>(b => b.Total == new PointAmount(45) && b.Pending == new PointAmount(45) && b.Available == PointAmount.Zero);
        refused.Status.Should().Be(PointsChangeStatus.InsufficientPoints);
        spendable.Available.Should().Be(new PointAmount(45));
        redeemed.Status.Should().Be(PointsChangeStatus.Applied);
        redeemed.Available.Should().Be(new PointAmount(35));
    }

    [Fact]
    public async Task Redeem_SameKey_IsIdempotent_AndTooMuchIsABusinessNo()
    {
        var (crm, points) = Create(BaseRules, Local(2026, 6, 2));
        using var _ = crm;
        await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "c-1", Local(2026, 6, 1, 10), Line("1", 45m)));

        var first = await points.RedeemAsync(C1, new PointAmount(30), "r-1", "cake");
        var replay = await points.RedeemAsync(C1, new PointAmount(30), "r-1", "cake");
        var tooMuch = await points.RedeemAsync(C1, new PointAmount(30), "r-2", "cake");

        first.Status.Should().Be(PointsChangeStatus.Applied);
        first.Points.Should().Be(new PointAmount(-30));
        replay.Status.Should().Be(PointsChangeStatus.Replayed);
        replay.Points.Should().Be(new PointAmount(-30));
        tooMuch.Should().Match<PointsChangeResult>(r => r.Status == PointsChangeStatus.InsufficientPoints && !r.Succeeded && r.Available == new PointAmount(15));
        (await points.GetBalanceAsync(C1)).Total.Should().Be(new PointAmount(15));
        await FluentActions.Awaiting(() => points.RedeemAsync(C1, PointAmount.Zero, "r-3", "x")).Should().ThrowAsync<CrmValidationException>().Where(e => e.ErrorCode == PointsErrorCodes.AmountInvalid);
        await FluentActions.Awaiting(() => points.RedeemAsync(C1, new PointAmount(1), " ", "x")).Should().ThrowAsync<CrmValidationException>().Where(e => e.ErrorCode == PointsErrorCodes.KeyInvalid);
    }

    [Fact]
    public async Task Events_AwardWithinLimit()
    {
        var rules = new EarnRules { Events = [new EventAward { Event = "signUp", Points = 50 }, new EventAward { Event = "review", Points = 10, PerCustomerLimit = 2 }] };
        var (crm, points) = Create(rules, Local(2026, 6, 2));
        using var _ = crm;

        (await points.AwardEventAsync(C1, "signUp", "e-1")).Status.Should().Be(PointsChangeStatus.Applied);
        (await points.AwardEventAsync(C1, "signUp", "e-1")).Status.Should().Be(PointsChangeStatus.Replayed);
        (await points.AwardEventAsync(C1, "signUp", "e-2")).Status.Should().Be(PointsChangeStatus.LimitReached);
        (await points.AwardEventAsync(C1, "review", "e-3")).Status.Should().Be(PointsChangeStatus.Applied);
        (await points.AwardEventAsync(C1, "review", "e-4")).Status.Should().Be(PointsChangeStatus.Applied);
        (await points.AwardEventAsync(C1, "review", "e-5")).Status.Should().Be(PointsChangeStatus.LimitReached);

        (await points.GetBalanceAsync(C1)).Total.Should().Be(new PointAmount(70));   // 50 + 10 + 10
        await FluentActions.Awaiting(() => points.AwardEventAsync(C1, "birthdayParty", "e-6")).Should().ThrowAsync<CrmValidationException>().Where(e => e.ErrorCode == PointsErrorCodes.UnknownEvent);
    }

    [Fact]
    public async Task Adjust_CarriesReasonAndOperator()
    {
        var (crm, points) = Create(BaseRules, Local(2026, 6, 2));
        using var _ = crm;

        var added = await points.AdjustAsync(C1, new PointAmount(30), "adj-1", "compensation for a spilled drink", "op-7");
        var removed = await points.AdjustAsync(C1, new PointAmount(-10), "adj-2", "typo correction", "op-7");
        var tooMuch = await points.AdjustAsync(C1, new PointAmount(-100), "adj-3", "typo correction", "op-7");

        added.Status.Should().Be(PointsChangeStatus.Applied);
        removed.Status.Should().Be(PointsChangeStatus.Applied);
        tooMuch.Status.Should().Be(PointsChangeStatus.InsufficientPoints);
        var entries = (await points.GetStatementAsync(C1)).Entries;
        entries.Should().HaveCount(2).And.OnlyContain(e => e.OperatorId == "op-7" && e.Kind == PointsEntryKind.Adjustment);
        entries[1].Reason.Should().Be("adjusted by op-7: compensation for a spilled drink");
        await FluentActions.Awaiting(() => points.AdjustAsync(C1, new PointAmount(5), "adj-4", "", "op-7")).Should().ThrowAsync<CrmValidationException>().Where(e => e.ErrorCode == PointsErrorCodes.AdjustmentInvalid && e.Field == "reason");
    }

    [Fact]
    public async Task Liability_IsOutstandingPointsTimesCost()
    {
        var (crm, points) = Create(BaseRules, Local(2026, 6, 2), o => o.CostPerPoint = Cny(0.01m));
        using var _ = crm;
        await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "c-1", Local(2026, 6, 1, 10), Line("1", 45m)));
        await crm.Manager.RecordPurchaseAsync(Purchase("p-2", "c-2", Local(2026, 6, 1, 10), Line("1", 100m)));
        await points.RedeemAsync(C1, new PointAmount(5), "r-1", "sticker");

        // (45 - 5) + 100 = 140 points x 0.01 CNY = 1.40 CNY.
        var liability = await points.GetLiabilityAsync();

        liability.Should().Be(new PointsLiability { OutstandingPoints = new PointAmount(140), CostPerPoint = Cny(0.01m), Value = Cny(1.40m) });
    }

    [Fact]
    public async Task Statement_PagesNewestFirst()
    {
        var (crm, points) = Create(BaseRules, Local(2026, 6, 2));
        using var _ = crm;
        for (var i = 1; i <= 5; i++)
        {
            await crm.Manager.RecordPurchaseAsync(Purchase($"p-{i}", "c-1", Local(2026, 6, 1, i), Line("1", i)));
        }

        var first = await points.GetStatementAsync(C1, limit: 2);
        var second = await points.GetStatementAsync(C1, first.NextBefore, 2);
        var third = await points.GetStatementAsync(C1, second.NextBefore, 2);

        first.Entries.Select(e => e.Sequence).Should().Equal(5, 4);
        second.Entries.Select(e => e.Sequence).Should().Equal(3, 2);
        third.Entries.Select(e => e.Sequence).Should().Equal(1);
        third.NextBefore.Should().BeNull();
        first.Entries[0].Reason.Should().Be("base 1 per unit: +5 pts");
    }

    [Fact]
    public async Task PointsReader_GivesEarnedNetOfReversals()
    {
        var (crm, _) = Create(BaseRules, Local(2026, 7, 2));
        using var _c = crm;
        await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "c-1", Local(2026, 6, 1, 10), Line("1", 100m)));
        await crm.Manager.RecordPurchaseAsync(Purchase("p-2", "c-1", Local(2026, 7, 1, 10), Line("1", 20m)));
        await crm.Manager.RecordRefundAsync(RefundAmount("rf-1", "p-1", Local(2026, 7, 1, 12), 60m));

        // June: 100 earned, 60 of it reversed in July but counted against June's earning -> 40. July: 20.
        var reader = crm.Get<ICustomerPointsReader>();
        (await reader.GetPointsEarnedAsync(C1, Local(2026, 6, 1), Local(2026, 7, 1))).Should().Be(new PointAmount(40));
        (await reader.GetPointsEarnedAsync(C1, Local(2026, 7, 1), Local(2026, 8, 1))).Should().Be(new PointAmount(20));
    }

    [Fact]
    public async Task Container_WithMembershipAndPoints_EarnsAtTheTierHeldWhenThePurchaseStarted()
    {
        // Points run first (order 100) at the tier the purchase started in: the purchase that reaches gold earns at green,
        // 1000 x 1 = 1000; the next one earns at gold's 1.5: 100 x 1.5 = 150.
        var policy = new Membership.TierPolicy
        {
            Window = new Membership.CalendarYearWindow(),
            Tiers =
            [
                new Membership.TierDefinition { Name = "green" },
                new Membership.TierDefinition
                {
                    Name = "gold",
                    Thresholds = [new Membership.TierThreshold { Metric = Membership.TierMetric.NetSpend, Minimum = 1000m }],
                    Benefits = new Membership.TierBenefits { PointsMultiplier = 1.5m },
                },
            ],
        };
        var rules = new EarnRules { Multipliers = [new TierBenefitMultiplier()] };
        using var crm = TestCrm.Create(Local(2026, 6, 2), b => b.AddMembership(o => o.Policy = policy).AddPoints(o => o.Rules = rules));

        crm.Get<ICustomerPointsReader>().GetType().Name.Should().Be("PointsEarnedReader");
        var result = await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "c-1", Local(2026, 6, 1, 10), Line("1", 1000m)));
        var next = await crm.Manager.RecordPurchaseAsync(Purchase("p-2", "c-1", Local(2026, 6, 1, 11), Line("1", 100m)));

        result.GetOutcome<PointsAward>()!.Points.Should().Be(new PointAmount(1000));
        result.GetOutcome<Membership.MembershipOutcome>()!.TierAfter.Should().Be("gold");
        next.GetOutcome<PointsAward>()!.Points.Should().Be(new PointAmount(150));
    }

    [Fact]
    public async Task Expiry_PublishesEventPerCustomer()
    {
        var sink = new RecordingSink();
        var (crm, points) = Create(BaseRules, Local(2027, 1, 2), o => o.Expiry = PointsExpiry.EndOfYear(0), b => b.Services.AddSingleton<ICrmEventSink>(sink));
        using var _ = crm;
        await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "c-1", Local(2026, 6, 1, 10), Line("1", 45m)));

        await points.ExpireAsync(Local(2027, 1, 1));
        await points.ExpireAsync(Local(2027, 1, 1));

        var expired = sink.Events.Should().ContainSingle().Which.Should().BeOfType<PointsExpiredEvent>().Subject;
        expired.Points.Should().Be(new PointAmount(45));
        expired.EventId.Should().Be($"points:expire:c-1:{Local(2027, 1, 1).ToUnixTimeTicks()}");
    }

    [Fact]
    public async Task AddPoints_Twice_RegistersHandlersOnce()
    {
        var (crm, points) = Create(BaseRules, Local(2026, 6, 2), builder: b => b.AddPoints(o => o.PendingDays = 0));
        using var _ = crm;

        var result = await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "c-1", Local(2026, 6, 1, 10), Line("1", 45m)));

        result.Outcomes.OfType<PointsAward>().Should().ContainSingle();
        (await points.GetBalanceAsync(C1)).Total.Should().Be(new PointAmount(45));
    }

    [Fact]
    public void Options_WithoutRules_FailValidation()
    {
        // The front door needs the points handler, so building the CRM already fails, naming the setting.
        FluentActions.Invoking(() => TestCrm.Create(Local(2026, 6, 2), b => b.AddPoints(_ => { }))).Should().Throw<OptionsValidationException>().WithMessage("*PointsOptions.Rules is not set*");
    }

    private sealed class RecordingSink : ICrmEventSink
    {
        public List<CrmEvent> Events { get; } = [];

        public ValueTask PublishAsync(CrmEvent crmEvent, CancellationToken cancellationToken = default)
        {
            lock (Events)
            {
                Events.Add(crmEvent);
            }

            return ValueTask.CompletedTask;
        }
    }
}
