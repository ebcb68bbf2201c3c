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
}
