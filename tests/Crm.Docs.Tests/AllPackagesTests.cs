using Crm.Churn;
using Crm.Coupons;
using Crm.Membership;
using Crm.Points;
using Crm.Segmentation;
using Crm.TestUtils;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using static Crm.TestUtils.Facts;

namespace Crm.Docs.Tests;

/// <summary>Every package in one host, as docs/getting-started.md sets it up: the container builds and the packages talk to each other.</summary>
public sealed class AllPackagesTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 6, 1, 2, 0);

    [Fact]
    public async Task AllPackages_InOneContainer_WorkTogether()
    {
        using var crm = TestCrm.Create(Now, b => b
            .AddMembership(o => o.Policy = RulesReference.Load<TierPolicy>("coffee-levels"))
            .AddPoints(o => o.Rules = new EarnRules { PointsPerUnit = 1m, Multipliers = [new TierBenefitMultiplier()] })
            .AddCoupons(o =>
            {
                // Every template the tier policy names: a benefit naming a template that does not exist fails start-up.
                foreach (var id in new[] { "gold-welcome", "monthly-free-cup", "black-birthday-cake" })
                {
                    o.Templates.Add(new CouponTemplate
                    {
                        Id = id,
                        Benefit = new AmountOffBenefit { Amount = Cny(10m) },
                        Validity = new CouponValidity { Days = 30 },
                    });
                }
            })
            .AddSegmentation()
            .AddChurn(o => o.Policy = new ChurnPolicy())
            .AddBaskets());
        var customer = new CustomerId("all-1");
        await crm.Manager.RegisterCustomerAsync(new CustomerProfile { Id = customer, JoinedAt = Now });

        // 30 purchases of 20.00 CNY, one every other day: gold on the 30th (purchase count in a rolling 12 months).
        for (var i = 1; i <= 30; i++)
        {
            crm.Clock.AdvanceDays(2);
            await crm.Manager.RecordPurchaseAsync(Purchase($"all-{i}", "all-1", crm.Clock.GetCurrentInstant(), Line("1", 20m)));
        }

        (await crm.Get<MembershipManager>().GetTierAsync(customer)).Name.Should().Be("gold");

        // 30 purchases at 1 point per CNY = 600 points: the 30th reaches gold but earns at green, the tier it started in.
        var balance = await crm.Get<PointsManager>().GetBalanceAsync(customer);
        balance.Available.Value.Should().Be(600);

        // The 31st earns at gold: 20 × 1.5 = 30, 630 in all. Each package's part of the result has a typed accessor.
        crm.Clock.AdvanceDays(2);
        var thirtyFirst = await crm.Manager.RecordPurchaseAsync(Purchase("all-31", "all-1", crm.Clock.GetCurrentInstant(), Line("1", 20m)));
        (await crm.Get<PointsManager>().GetBalanceAsync(customer)).Available.Value.Should().Be(630);
        thirtyFirst.Points()!.Points.Value.Should().Be(30);
        thirtyFirst.Points().Should().BeSameAs(thirtyFirst.GetOutcome<PointsAward>());
        thirtyFirst.Membership()!.Should().BeSameAs(thirtyFirst.GetOutcome<MembershipOutcome>());
        thirtyFirst.Coupons().Should().BeNull();
        thirtyFirst.Churn().Should().BeNull();

        // Membership issued the gold welcome coupon through Crm.Coupons.
        var wallet = await crm.Get<CouponManager>().GetWalletAsync(customer);
        wallet.Should().ContainSingle(c => c.TemplateId == "gold-welcome");

        var segmentation = await crm.Get<SegmentationManager>().RunAsync(crm.Clock.GetCurrentInstant());
        segmentation.Should().NotBeNull();
        var churn = await crm.Get<ChurnManager>().AssessAsync(customer);
        churn.Should().NotBeNull();

        // Baskets mines the same journal: 31 one-line purchases, one item, so no rule; coffee is the popular suggestion.
        var baskets = crm.Get<Crm.Baskets.BasketManager>();
        var model = await baskets.MineAsync(new Crm.Baskets.BasketMiningRequest { From = Now, To = crm.Clock.GetCurrentInstant() });
        model.BasketCount.Should().Be(31);
        (await baskets.RecommendAsync(new Crm.Baskets.RecommendationRequest { CustomerId = customer })).Recommendations.Should().NotBeEmpty();

        var refund = await crm.Manager.RecordRefundAsync(RefundAmount("r-31", "all-31", crm.Clock.GetCurrentInstant(), 20m));
        refund.Points().Should().BeSameAs(refund.GetOutcome<PointsReversal>());
        refund.Points()!.Points.Value.Should().Be(30);
    }
}
