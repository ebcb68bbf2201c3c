using Crm.Membership;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using static Crm.TestUtils.Facts;

namespace Crm.TestUtils;

/// <summary>Membership scenarios every storage adapter must pass.</summary>
public static class MembershipScenarios
{
    /// <summary>green (entry) / gold at 100.00 net spend in the calendar year, with a welcome coupon.</summary>
    public static TierPolicy GoldAt100() => new()
    {
        Window = new CalendarYearWindow(),
        Tiers =
        [
            new TierDefinition { Name = "green" },
            new TierDefinition
            {
                Name = "gold",
                Thresholds = [new TierThreshold { Metric = TierMetric.NetSpend, Minimum = 100m }],
                Benefits = new TierBenefits { PointsMultiplier = 2m, WelcomeCouponTemplateId = "gold-welcome" },
            },
        ],
    };

    /// <summary>
    /// Sixteen purchases of 10.00 recorded in parallel for one member crossing 100.00: exactly one upgrade and one welcome
    /// coupon, issued by Crm.Coupons in the upgrade's unit of work (an upgrade that lost its race and was decided again
    /// issued nothing: its unit was discarded).
    /// </summary>
    public static async Task<(IReadOnlyList<TierChange> Upgrades, IReadOnlyList<Coupons.Coupon> WelcomeCoupons, string Tier)> ParallelUpgradeAsync(Action<ICrmBuilder> storage)
    {
        using var crm = TestCrm.Create(
            Instant.FromUtc(2026, 6, 1, 0, 0),
            b =>
            {
                storage(b);
                b.AddMembership(o => o.Policy = GoldAt100());
                b.AddCoupons(o => o.Templates.Add(new Coupons.CouponTemplate
                {
                    Id = "gold-welcome",
                    Benefit = new Coupons.AmountOffBenefit { Amount = Cny(10m) },
                    Validity = new Coupons.CouponValidity { Days = 30 },
                }));
            },
            o => o.MaxConcurrencyRetries = 100);
        var customer = $"par-{Guid.NewGuid():N}";
        await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(() =>
            crm.Manager.RecordPurchaseAsync(Purchase($"{customer}-p{i}", customer, Instant.FromUtc(2026, 5, 1, 0, 0) + Duration.FromMinutes(i), Line("1", 10m))))));

        var membership = crm.Get<MembershipManager>();
        var history = await membership.GetHistoryAsync(new CustomerId(customer));
        var state = await membership.GetStateAsync(new CustomerId(customer));
        var wallet = await crm.Get<Coupons.CouponManager>().GetWalletAsync(new CustomerId(customer));
        return ([.. history.Where(c => c.Reason == TierChangeReason.Upgrade)], [.. wallet.Where(c => c.TemplateId == "gold-welcome")], state!.Tier);
    }
}
