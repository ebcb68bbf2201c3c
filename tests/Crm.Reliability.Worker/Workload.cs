using System.Globalization;
using Crm.Coupons;
using Crm.Points;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Crm.Reliability;

/// <summary>
/// The CRM a reliability run uses (front door, points, single-use coupons) and how it carries out a plan's operations.
/// The worker processes and the in-process reference runs share it, so both do exactly the same thing.
/// </summary>
public static class Workload
{
    /// <summary>Registers the clock and the packages; the caller adds the storage to the returned builder.</summary>
    public static ICrmBuilder AddReliabilityCrm(this IServiceCollection services, string run)
    {
        services.AddSingleton<IClock>(new FixedClock(WorkPlan.Now));
        return services
            .AddCrm(o =>
            {
                o.Currency = Currency.CNY;
                o.TimeZone = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
                o.MaxConcurrencyRetries = 100;
            })
            .AddPoints(o => o.Rules = new EarnRules { PointsPerUnit = 1m })
            .AddCoupons(o =>
            {
                o.Templates.Add(CouponTemplate.FromJson($$"""
                    { "id": "{{WorkPlan.CouponTemplateId(run)}}", "name": "5.00 off", "benefit": { "kind": "amountOff", "amount": "5.00 CNY" },
                      "validity": { "days": 30 }, "budget": { "maxRedeemed": {{WorkPlan.CouponRedemptionBudget}} } }
                    """));
            });
    }

    /// <summary>Issues the run's single-use coupons (idempotent by key, so every process may do it); returns their ids by number.</summary>
    public static async Task<IReadOnlyList<string>> IssueCouponsAsync(IServiceProvider services, string run, int customers)
    {
        var coupons = services.GetRequiredService<CouponManager>();
        var ids = new List<string>();
        for (var k = 0; k < WorkPlan.Coupons; k++)
        {
            var issued = await coupons.IssueAsync(new CouponIssueRequest(WorkPlan.CouponOwner(run, k, customers), WorkPlan.CouponTemplateId(run), CouponIssueReason.Campaign, WorkPlan.CouponIssueKey(run, k)));
            ids.Add(issued.Succeeded ? issued.CouponId! : throw new InvalidOperationException($"Coupon {k} was not issued: {issued.Reason}"));
        }

        return ids;
    }

    /// <summary>Carries out one operation; returns its outcome as the worker prints it ("Recorded", "Applied", "Succeeded", ...).</summary>
    public static async Task<string> RunAsync(IServiceProvider services, Operation operation, IReadOnlyList<string> couponIds) => operation switch
    {
        RecordPurchase p => (await services.GetRequiredService<CrmManager>().RecordPurchaseAsync(p.Purchase)).Status.ToString(),
        RedeemPoints r => (await services.GetRequiredService<PointsManager>().RedeemAsync(r.Customer, r.Points, r.Key, "reward")).Status.ToString(),
        ConfirmCoupon c => (await ConfirmCouponAsync(services.GetRequiredService<CouponManager>(), couponIds[c.Coupon], c.Key)).Status.ToString(),
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, "Unknown operation."),
    };

    /// <summary>Confirms a coupon for its holder (confirming names the customer, and the plan confirms each coupon for its owner).</summary>
    private static async Task<RedemptionResult> ConfirmCouponAsync(CouponManager coupons, string couponId, string key)
    {
        var coupon = await coupons.FindAsync(couponId) ?? throw new InvalidOperationException($"Coupon {couponId} was not issued.");
        return await coupons.ConfirmAsync(coupon.CustomerId, couponId, key);
    }

    /// <summary>The line a worker prints when an operation is done.</summary>
    public static string DoneLine(int number, string outcome) => string.Create(CultureInfo.InvariantCulture, $"done {number} {outcome}");

    private sealed class FixedClock(Instant now) : IClock
    {
        public Instant GetCurrentInstant() => now;
    }
}
