using Crm.Coupons.Internal;
using Crm.TestUtils;
using NodaTime;
using static Crm.TestUtils.Facts;

namespace Crm.Coupons.Tests;

/// <summary>Issuance, codes, reservation, confirmation through the front door, release, refunds.</summary>
public sealed class CouponManagerTests : CouponsTestBase
{
    private static readonly CouponTemplate Off5 = Template("off5", new AmountOffBenefit { Amount = Cny(5m) });

    [Fact]
    public async Task Evaluate_OrderPinnedForOneCheckout_ProgrammeDefaultUnchanged()
    {
        // Issue 21 item 10. Programme: PercentOffFirst (20% of 100.00, then 10.00 off: 30.00). One checkout pins
        // AmountOffFirst (10.00 off, then 20% of 90.00: 28.00); the next checkout is back to the programme's order.
        var amount = Template("a10", new AmountOffBenefit { Amount = Cny(10m) });
        var percent = Template("p20", new PercentOffBenefit { Percent = 20m });
        using var crm = CreateCrm(Now, o =>
        {
            o.Templates.Add(amount);
            o.Templates.Add(percent);
            o.BenefitOrder = BenefitOrder.PercentOffFirst;
        });
        var coupons = crm.Get<CouponManager>();
        await coupons.IssueAsync(new CouponIssueRequest(Alice, "a10", CouponIssueReason.Campaign, "k1"));
        await coupons.IssueAsync(new CouponIssueRequest(Alice, "p20", CouponIssueReason.Campaign, "k2"));

        var pinned = await coupons.EvaluateAsync(Alice, new CouponBasket { Lines = [Line("1", 100m)], StoreId = "sh-001", BenefitOrder = BenefitOrder.AmountOffFirst });
        var unpinned = await coupons.EvaluateAsync(Alice, Basket(Line("1", 100m)));

        pinned.Best.TotalDiscount.Should().Be(Cny(28m));
        pinned.Best.BenefitOrder.Should().Be(BenefitOrder.AmountOffFirst);
        unpinned.Best.TotalDiscount.Should().Be(Cny(30m));
        unpinned.Best.BenefitOrder.Should().Be(BenefitOrder.PercentOffFirst);
    }

    [Fact]
    public async Task Issue_SameKey_IssuesOnce()
    {
        using var crm = CreateCrm(Now, o => o.Templates.Add(Off5));
        var coupons = crm.Get<CouponManager>();

        var first = await coupons.IssueAsync(new CouponIssueRequest(Alice, "off5", CouponIssueReason.Birthday, "birthday:2026:alice"));
        var again = await coupons.IssueAsync(new CouponIssueRequest(Alice, "off5", CouponIssueReason.Birthday, "birthday:2026:alice"));

        first.Should().Be(new CouponIssueResult { Succeeded = true, CouponId = first.CouponId, IsReplay = false, Reason = null });
        again.Should().Be(new CouponIssueResult { Succeeded = true, CouponId = first.CouponId, IsReplay = true, Reason = null });
        CouponCodes.IsValid(first.CouponId!).Should().BeTrue();
        (await coupons.GetWalletAsync(Alice)).Should().ContainSingle().Which.Reason.Should().Be(CouponIssueReason.Birthday);
    }

    [Fact]
    public async Task Issue_DaysValidity_EndsAtLocalMidnight()
    {
        // Issued Monday 1 June 10:00 Shanghai with 7 days: valid until Monday 8 June 00:00 Shanghai (7 June 16:00 UTC).
        using var crm = CreateCrm(Now, o => o.Templates.Add(Template("off5", new AmountOffBenefit { Amount = Cny(5m) }, validity: new CouponValidity { Days = 7 })));
        var coupons = crm.Get<CouponManager>();

        var issued = await coupons.IssueAsync(new CouponIssueRequest(Alice, "off5", CouponIssueReason.Campaign, "k1"));
        var coupon = await coupons.FindAsync(issued.CouponId!);

        coupon!.ValidFrom.Should().Be(Now);
        coupon.ValidTo.Should().Be(Instant.FromUtc(2026, 6, 7, 16, 0));
    }

    [Fact]
    public async Task Issue_BudgetAndPerCustomerCap_SayWhy()
    {
        var template = Template("limited", new AmountOffBenefit { Amount = Cny(5m) }, budget: new CouponBudget { MaxIssued = 3, MaxPerCustomer = 2, PerCustomerPeriod = CapPeriod.Month });
        using var crm = CreateCrm(Now, o => o.Templates.Add(template));
        var coupons = crm.Get<CouponManager>();
        Task<CouponIssueResult> Issue(string customer, string key) => coupons.IssueAsync(new CouponIssueRequest(new CustomerId(customer), "limited", CouponIssueReason.Campaign, key));

        (await Issue("alice", "1")).Succeeded.Should().BeTrue();
        (await Issue("alice", "2")).Succeeded.Should().BeTrue();
        var capped = await Issue("alice", "3");
        (await Issue("bob", "4")).Succeeded.Should().BeTrue();
        var exhausted = await Issue("carol", "5");
        crm.Clock.AdvanceDays(31);
        var nextMonthButExhausted = await Issue("alice", "6");

        capped.Succeeded.Should().BeFalse();
        capped.Reason.Should().Contain("per month");
        exhausted.Succeeded.Should().BeFalse();
        exhausted.Reason.Should().Contain("budget");
        nextMonthButExhausted.Reason.Should().Contain("budget");
        (await crm.Get<ICouponStore>().GetUsageAsync("limited")).Should().Be(new CouponUsage("limited", 3, 0));
    }

    [Fact]
    public async Task Issue_UnknownTemplate_IsABusinessNo()
    {
        using var crm = CreateCrm(Now, o => o.Templates.Add(Off5));

        var result = await crm.Get<CouponManager>().IssueAsync(new CouponIssueRequest(Alice, "nope", CouponIssueReason.Manual, "k"));

        result.Succeeded.Should().BeFalse();
        result.Reason.Should().Contain("nope");
    }

    [Fact]
    public async Task Checkout_ReserveThenRecordPurchase_ConfirmsThroughFrontDoor()
    {
        using var crm = CreateCrm(Now, o => o.Templates.Add(Off5));
        var coupons = crm.Get<CouponManager>();
        var id = (await coupons.IssueAsync(new CouponIssueRequest(Alice, "off5", CouponIssueReason.Campaign, "k"))).CouponId!;

        var evaluation = await coupons.EvaluateAsync(Alice, Basket(Line("1", 30m)));
        var reserved = await coupons.ReserveAsync(Alice, id, "p-1");
        var otherTill = await coupons.ReserveAsync(Alice, id, "p-2");
        var recorded = await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "alice", Now, 25m, Line("1", 30m)));
        var replay = await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "alice", Now, 25m, Line("1", 30m)));

        evaluation.Best.TotalDiscount.Should().Be(Cny(5m));
        reserved.Status.Should().Be(RedemptionStatus.Succeeded);
        otherTill.Status.Should().Be(RedemptionStatus.ReservedElsewhere);
        recorded.Outcomes.OfType<PurchaseCouponsOutcome>().Single().Results.Single().Status.Should().Be(RedemptionStatus.Succeeded);
        // A replay writes nothing and reports what the first recording did.
        replay.IsReplay.Should().BeTrue();
        replay.Outcomes.OfType<PurchaseCouponsOutcome>().Single().Results.Single().Status.Should().Be(RedemptionStatus.Succeeded);
        replay.Outcomes.OfType<PurchaseCouponsOutcome>().Single().Results.Single().Coupon.Should().Be(recorded.Outcomes.OfType<PurchaseCouponsOutcome>().Single().Results.Single().Coupon);
        var coupon = await coupons.FindAsync(id);
        coupon!.Status.Should().Be(CouponStatus.Redeemed);
        coupon.RedemptionKey.Should().Be("p-1");
        (await coupons.GetWalletAsync(Alice)).Should().BeEmpty();
        (await crm.Get<ICouponStore>().GetUsageAsync("off5")).Redeemed.Should().Be(1);
    }

    [Fact]
    public async Task Reserve_LapsedAfterTtl_AnotherCheckoutMayTakeIt()
    {
        using var crm = CreateCrm(Now, o => { o.Templates.Add(Off5); o.ReservationTimeToLive = Duration.FromMinutes(10); });
        var coupons = crm.Get<CouponManager>();
        var id = (await coupons.IssueAsync(new CouponIssueRequest(Alice, "off5", CouponIssueReason.Campaign, "k"))).CouponId!;

        await coupons.ReserveAsync(Alice, id, "p-1");
        crm.Clock.Advance(Duration.FromMinutes(10));
        var taken = await coupons.ReserveAsync(Alice, id, "p-2");
        var lateConfirm = await coupons.ConfirmAsync(Alice, id, "p-1");

        taken.Status.Should().Be(RedemptionStatus.Succeeded);
        lateConfirm.Status.Should().Be(RedemptionStatus.ReservedElsewhere);
    }

    [Fact]
    public async Task Release_ThenReserveElsewhere_Succeeds_AndReleaseIsIdempotent()
    {
        using var crm = CreateCrm(Now, o => o.Templates.Add(Off5));
        var coupons = crm.Get<CouponManager>();
        var id = (await coupons.IssueAsync(new CouponIssueRequest(Alice, "off5", CouponIssueReason.Campaign, "k"))).CouponId!;

        await coupons.ReserveAsync(Alice, id, "p-1");
        var released = await coupons.ReleaseAsync(Alice, id, "p-1");
        var again = await coupons.ReleaseAsync(Alice, id, "p-1");
        var reserved = await coupons.ReserveAsync(Alice, id, "p-2");

        released.Status.Should().Be(RedemptionStatus.Succeeded);
        again.Status.Should().Be(RedemptionStatus.Replayed);
        reserved.Status.Should().Be(RedemptionStatus.Succeeded);
    }

    [Fact]
    public async Task Confirm_ManyParallelPurchases_ExactlyOneRedeems()
    {
        using var crm = CreateCrm(Now, o => o.Templates.Add(Off5), options: o => o.MaxConcurrencyRetries = 100);
        var coupons = crm.Get<CouponManager>();
        var id = (await coupons.IssueAsync(new CouponIssueRequest(Alice, "off5", CouponIssueReason.Campaign, "k"))).CouponId!;

        var results = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => Task.Run(() => coupons.ConfirmAsync(Alice, id, $"p-{i}"))));

        results.Count(r => r.Status == RedemptionStatus.Succeeded).Should().Be(1);
        results.Count(r => r.Status == RedemptionStatus.AlreadyRedeemed).Should().Be(99);
    }

    [Fact]
    public async Task Confirm_RedeemedBudget_StopsAtMax()
    {
        var template = Template("few", new AmountOffBenefit { Amount = Cny(5m) }, budget: new CouponBudget { MaxRedeemed = 1 });
        using var crm = CreateCrm(Now, o => o.Templates.Add(template));
        var coupons = crm.Get<CouponManager>();
        var a = (await coupons.IssueAsync(new CouponIssueRequest(Alice, "few", CouponIssueReason.Campaign, "k1"))).CouponId!;
        var b = (await coupons.IssueAsync(new CouponIssueRequest(Alice, "few", CouponIssueReason.Campaign, "k2"))).CouponId!;

        (await coupons.ConfirmAsync(Alice, a, "p-1")).Status.Should().Be(RedemptionStatus.Succeeded);
        (await coupons.ConfirmAsync(Alice, b, "p-2")).Status.Should().Be(RedemptionStatus.BudgetExhausted);
        (await coupons.FindAsync(b))!.Status.Should().Be(CouponStatus.Active);
    }

    [Fact]
    public async Task Refund_Full_RestoresCoupon_WhenSettingOn()
    {
        using var crm = CreateCrm(Now, o => { o.Templates.Add(Off5); o.RestoreOnFullRefund = true; });
        var coupons = crm.Get<CouponManager>();
        var id = (await coupons.IssueAsync(new CouponIssueRequest(Alice, "off5", CouponIssueReason.Campaign, "k"))).CouponId!;
        await coupons.ReserveAsync(Alice, id, "p-1");
        await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "alice", Now, 25m, Line("1", 30m)));
        crm.Clock.AdvanceHours(1);

        var refund = await crm.Manager.RecordRefundAsync(RefundAmount("r-1", "p-1", crm.Clock.GetCurrentInstant(), 25m));

        refund.Outcomes.OfType<RefundCouponsOutcome>().Single().Results.Single().Status.Should().Be(RedemptionStatus.Succeeded);
        (await coupons.FindAsync(id))!.Status.Should().Be(CouponStatus.Active);
        (await crm.Get<ICouponStore>().GetUsageAsync("off5")).Redeemed.Should().Be(0);
    }

    [Fact]
    public async Task Refund_Partial_OrSettingOff_KeepsCouponRedeemed()
    {
        using var crm = CreateCrm(Now, o => { o.Templates.Add(Off5); o.RestoreOnFullRefund = true; });
        var coupons = crm.Get<CouponManager>();
        var id = (await coupons.IssueAsync(new CouponIssueRequest(Alice, "off5", CouponIssueReason.Campaign, "k"))).CouponId!;
        await coupons.ReserveAsync(Alice, id, "p-1");
        await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "alice", Now, 25m, Line("1", 30m)));
        crm.Clock.AdvanceHours(1);

        await crm.Manager.RecordRefundAsync(RefundAmount("r-1", "p-1", crm.Clock.GetCurrentInstant(), 10m));

        (await coupons.FindAsync(id))!.Status.Should().Be(CouponStatus.Redeemed);
    }

    [Fact]
    public async Task PromoCode_SharedCode_PerCustomerLimit()
    {
        var promo = Template("summer", new AmountOffBenefit { Amount = Cny(3m) }, budget: new CouponBudget { MaxPerCustomer = 1 }, promoCode: "SUMMER26");
        using var crm = CreateCrm(Now, o => o.Templates.Add(promo));
        var coupons = crm.Get<CouponManager>();
        var bob = new CustomerId("bob");

        var evaluation = await coupons.EvaluateAsync(Alice, Basket(Line("1", 30m)), ["summer-26"]);
        var alice1 = await coupons.ReserveAsync(Alice, "summer26", "p-1");
        var aliceConfirm = await coupons.ConfirmAsync(Alice, alice1.Coupon!.Id, "p-1");
        var alice2 = await coupons.ReserveAsync(Alice, "SUMMER26", "p-2");
        var bob1 = await coupons.ReserveAsync(bob, "SUMMER26", "p-3");

        evaluation.Coupons.Single().Source.Should().Be(CouponSource.PromoCode);
        evaluation.Best.TotalDiscount.Should().Be(Cny(3m));
        alice1.Status.Should().Be(RedemptionStatus.Succeeded);
        aliceConfirm.Status.Should().Be(RedemptionStatus.Succeeded);
        alice2.Status.Should().Be(RedemptionStatus.BudgetExhausted);
        bob1.Status.Should().Be(RedemptionStatus.Succeeded);
    }

    [Fact]
    public async Task Evaluate_TypedUnknownCode_ReportsIt()
    {
        using var crm = CreateCrm(Now, o => o.Templates.Add(Off5));

        var evaluation = await crm.Get<CouponManager>().EvaluateAsync(Alice, Basket(Line("1", 30m)), ["NOPE-NOPE"]);

        evaluation.Coupons.Single().Reasons.Single().Code.Should().Be(CouponReasonCodes.UnknownCode);
    }

    [Fact]
    public async Task Evaluate_FirstPurchaseOnly_UsesRecordedActivity()
    {
        var welcome = Template("welcome", new AmountOffBenefit { Amount = Cny(8m) }, conditions: new CouponConditions { FirstPurchaseOnly = true });
        using var crm = CreateCrm(Now, o => o.Templates.Add(welcome));
        var coupons = crm.Get<CouponManager>();
        await coupons.IssueAsync(new CouponIssueRequest(Alice, "welcome", CouponIssueReason.Campaign, "k"));

        var before = await coupons.EvaluateAsync(Alice, Basket(Line("1", 30m)));
        await crm.Manager.RecordPurchaseAsync(Purchase("p-0", "alice", Now - Duration.FromHours(1), Line("1", 30m)));
        var after = await coupons.EvaluateAsync(Alice, Basket(Line("1", 30m)));

        before.Coupons.Single().IsApplicable.Should().BeTrue();
        after.Coupons.Single().Reasons.Single().Code.Should().Be(CouponReasonCodes.FirstPurchase);
    }

    [Fact]
    public async Task Evaluate_ExpiredCouponInWallet_SaysExpired()
    {
        using var crm = CreateCrm(Now, o => o.Templates.Add(Template("week", new AmountOffBenefit { Amount = Cny(5m) }, validity: new CouponValidity { Days = 7 })));
        var coupons = crm.Get<CouponManager>();
        await coupons.IssueAsync(new CouponIssueRequest(Alice, "week", CouponIssueReason.Campaign, "k"));
        crm.Clock.AdvanceDays(8);

        var evaluation = await coupons.EvaluateAsync(Alice, Basket(Line("1", 30m)));

        evaluation.Coupons.Single().Reasons.Single().Should().Be(new CouponReason(CouponReasonCodes.Expired, "expired at 2026-06-08 00:00"));
        evaluation.Best.Coupons.Should().BeEmpty();
    }
}
