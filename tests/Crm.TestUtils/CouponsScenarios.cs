using Crm.Coupons;
using NodaTime;
using static Crm.TestUtils.Facts;

namespace Crm.TestUtils;

/// <summary>Coupon scenarios every storage adapter must pass, through <see cref="CouponManager"/> and the front door.</summary>
public static class CouponsScenarios
{
    /// <summary>
    /// One single-use coupon confirmed by 100 tasks at once through <see cref="CouponManager.ConfirmAsync"/>, each for
    /// its own purchase; then a second coupon reserved under a purchase id and confirmed by recording that purchase
    /// through the front door twice (a replay).
    /// </summary>
    public static async Task<(RedemptionResult[] Parallel, RecordPurchaseResult Recorded, RecordPurchaseResult Replayed, CouponUsage Usage)> ParallelConfirmAsync(Action<ICrmBuilder> storage)
    {
        var now = Instant.FromUtc(2026, 6, 1, 2, 0);
        var templateId = "off5-" + Guid.NewGuid().ToString("N");
        using var crm = TestCrm.Create(now, b =>
        {
            storage(b);
            b.AddCoupons(o => o.Templates.Add(new CouponTemplate { Id = templateId, Benefit = new AmountOffBenefit { Amount = Cny(5m) }, Validity = new CouponValidity { Days = 30 } }));
        });
        var coupons = crm.Get<CouponManager>();
        var customer = new CustomerId($"cpn-{Guid.NewGuid():N}");
        var first = (await coupons.IssueAsync(new CouponIssueRequest(customer, templateId, CouponIssueReason.Campaign, $"{customer.Value}:1"))).CouponId!;
        var second = (await coupons.IssueAsync(new CouponIssueRequest(customer, templateId, CouponIssueReason.Campaign, $"{customer.Value}:2"))).CouponId!;

        var parallel = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => Task.Run(() => coupons.ConfirmAsync(customer, first, $"{customer.Value}-p{i}"))));

        var purchaseId = $"{customer.Value}-checkout";
        await coupons.ReserveAsync(customer, second, purchaseId);
        var purchase = Purchase(purchaseId, customer.Value, now - Duration.FromMinutes(1), 25m, Line("1", 30m));
        var recorded = await crm.Manager.RecordPurchaseAsync(purchase);
        var replayed = await crm.Manager.RecordPurchaseAsync(purchase);
        return (parallel, recorded, replayed, await crm.Get<ICouponStore>().GetUsageAsync(templateId));
    }

    /// <summary>
    /// Automatic promotions and next-order coupons on a real store, through the front door: a promotion reserved by its id
    /// is redeemed by the recorded purchase, which also earns a next-order coupon in the same unit of work; a replay
    /// writes nothing; a refund that leaves the purchase below the rule takes the unused coupon back.
    /// </summary>
    public static async Task PromotionsAndNextOrderHoldAsync(Action<ICrmBuilder> storage)
    {
        var now = Instant.FromUtc(2026, 6, 1, 2, 0);
        var suffix = Guid.NewGuid().ToString("N");
        var promotion = "auto-" + suffix;
        var next = "next-" + suffix;
        using var crm = TestCrm.Create(now, b =>
        {
            storage(b);
            b.AddCoupons(o =>
            {
                o.Templates.Add(new CouponTemplate { Id = promotion, Automatic = true, Benefit = new PercentOffBenefit { Percent = 10m }, Validity = new CouponValidity { Days = 1 }, Budget = new CouponBudget { MaxRedeemed = 1000 } });
                o.Templates.Add(new CouponTemplate { Id = next, Benefit = new AmountOffBenefit { Amount = Cny(5m) }, Validity = new CouponValidity { Days = 14 } });
                o.NextOrderRules.Add(new NextOrderRule { Id = "spend-50-" + suffix, TemplateId = next, MinimumSpend = Cny(50m) });
            });
        });
        var coupons = crm.Get<CouponManager>();
        var customer = new CustomerId($"nxt-{suffix}");
        var purchaseId = $"{customer.Value}-p1";
        var basket = new CouponBasket { Lines = [Line("1", 30m), Line("2", 30m)], StoreId = "sh-001", Channel = SalesChannel.App };

        var evaluation = await coupons.EvaluateAsync(customer, basket);
        var reserved = await coupons.ReserveAsync(customer, promotion, purchaseId);
        var purchase = Purchase(purchaseId, customer.Value, now, 54m, Line("1", 30m), Line("2", 30m));
        var recorded = await crm.Manager.RecordPurchaseAsync(purchase);
        var replayed = await crm.Manager.RecordPurchaseAsync(purchase);
        var refund = await crm.Manager.RecordRefundAsync(RefundLines($"{purchaseId}-r1", purchaseId, now, ("2", 1m)));

        evaluation.Best.TotalDiscount.Should().Be(Cny(6m));
        reserved.Status.Should().Be(RedemptionStatus.Succeeded);
        var outcome = recorded.Coupons()!;
        outcome.Results.Should().ContainSingle().Which.Status.Should().Be(RedemptionStatus.Succeeded);
        var earned = outcome.NextOrder.Should().ContainSingle().Subject.Result;
        earned.Succeeded.Should().BeTrue();
        replayed.Coupons()!.NextOrder.Single().Result.Should().Be(earned with { IsReplay = true });
        refund.Coupons()!.TakenBack.Should().ContainSingle().Which.Id.Should().Be(earned.CouponId);
        var wallet = await crm.Get<ICouponStore>().ListByCustomerAsync(customer);
        wallet.Should().HaveCount(2);
        wallet.Single(c => c.TemplateId == promotion).Status.Should().Be(CouponStatus.Redeemed);
        wallet.Single(c => c.TemplateId == next).ValidTo.Should().Be(now);
        (await crm.Get<ICouponStore>().GetUsageAsync(promotion)).Redeemed.Should().Be(1);
    }

    /// <summary>
    /// Runs <see cref="RefusalsAsync"/> on a store and checks what every adapter must give: the purchase commits with the
    /// coupon refused for its terms (minimum spend) and not written, and the crossed confirm is refused without a trace.
    /// </summary>
    public static async Task RefusalsHoldAsync(Action<ICrmBuilder> storage)
    {
        var r = await RefusalsAsync(storage);

        r.Recorded.Status.Should().Be(RecordStatus.Recorded);
        r.Recorded.Metrics.PurchaseCount.Should().Be(1);
        var refused = r.Recorded.GetOutcome<PurchaseCouponsOutcome>()!.NotConfirmed.Should().ContainSingle().Which;
        refused.Status.Should().Be(RedemptionStatus.TermsNotMet);
        refused.Reasons.Should().ContainSingle().Which.Code.Should().Be(CouponReasonCodes.MinimumSpend);
        r.CouponAfterPurchase.Should().Be(r.ReservedCoupon);
        r.Usage.Redeemed.Should().Be(0);
        r.Crossed.Status.Should().Be(RedemptionStatus.OtherCustomer);
        r.Crossed.Coupon.Should().BeNull();
        r.OthersCouponAfter.Should().Be(r.OthersCouponBefore);
    }

    /// <summary>What <see cref="RefusalsAsync"/> found.</summary>
    /// <param name="Recorded">The purchase of 10.00 recorded with a "spend 100 save 20" coupon reserved under its id.</param>
    /// <param name="ReservedCoupon">That coupon as the reservation stored it.</param>
    /// <param name="CouponAfterPurchase">That coupon as stored after the purchase.</param>
    /// <param name="Usage">The template's usage after the purchase.</param>
    /// <param name="Crossed">Another customer's confirm of a third customer's coupon.</param>
    /// <param name="OthersCouponBefore">The third customer's coupon before that confirm.</param>
    /// <param name="OthersCouponAfter">The third customer's coupon after it.</param>
    private sealed record Refusals(RecordPurchaseResult Recorded, Coupon ReservedCoupon, Coupon CouponAfterPurchase, CouponUsage Usage, RedemptionResult Crossed, Coupon OthersCouponBefore, Coupon OthersCouponAfter);

    /// <summary>
    /// Issue 20 on a real store: a coupon reserved for a "spend 100 save 20" checkout meets a purchase recorded at 10.00 (the
    /// purchase commits, the coupon is refused and not written), and a customer confirms another customer's coupon (refused,
    /// not written).
    /// </summary>
    private static async Task<Refusals> RefusalsAsync(Action<ICrmBuilder> storage)
    {
        var now = Instant.FromUtc(2026, 6, 1, 2, 0);
        var templateId = "spend100-" + Guid.NewGuid().ToString("N");
        using var crm = TestCrm.Create(now, b =>
        {
            storage(b);
            b.AddCoupons(o => o.Templates.Add(new CouponTemplate { Id = templateId, Benefit = new ThresholdBenefit { Minimum = Cny(100m), Discount = Cny(20m) }, Validity = new CouponValidity { Days = 30 } }));
        });
        var coupons = crm.Get<CouponManager>();
        var customer = new CustomerId($"cpn-{Guid.NewGuid():N}");
        var other = new CustomerId($"cpn-{Guid.NewGuid():N}");
        var id = (await coupons.IssueAsync(new CouponIssueRequest(customer, templateId, CouponIssueReason.Campaign, $"{customer.Value}:1"))).CouponId!;
        var othersId = (await coupons.IssueAsync(new CouponIssueRequest(other, templateId, CouponIssueReason.Campaign, $"{other.Value}:1"))).CouponId!;

        var purchaseId = $"{customer.Value}-checkout";
        var reserved = (await coupons.ReserveAsync(customer, id, purchaseId)).Coupon!;
        var recorded = await crm.Manager.RecordPurchaseAsync(Purchase(purchaseId, customer.Value, now - Duration.FromMinutes(1), 10m, Line("1", 10m)));
        var after = (await coupons.FindAsync(id))!;

        var othersBefore = (await coupons.FindAsync(othersId))!;
        var crossed = await coupons.ConfirmAsync(customer, othersId, $"{customer.Value}-second");
        var othersAfter = (await coupons.FindAsync(othersId))!;
        return new Refusals(recorded, reserved, after, await crm.Get<ICouponStore>().GetUsageAsync(templateId), crossed, othersBefore, othersAfter);
    }
}
