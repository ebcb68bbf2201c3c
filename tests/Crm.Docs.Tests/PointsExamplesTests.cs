using Crm.Membership;
using Crm.Points;
using Crm.TestUtils;
using NodaTime;
using static Crm.TestUtils.Facts;

namespace Crm.Docs.Tests;

/// <summary>The worked points example of docs/rules-reference.md, with the numbers the text gives.</summary>
public sealed class PointsExamplesTests
{
    // Tuesday 2 June 2026, 08:30 in Shanghai.
    private static readonly Instant Tuesday = new LocalDateTime(2026, 6, 2, 8, 30).InZoneStrictly(TestCrm.Shanghai).ToInstant();

    [Theory]
    [InlineData(false, 116)] // 58 × 2 (member day)
    [InlineData(true, 174)]  // 58 × 2 × 1.5 (gold)
    public async Task CoffeePoints_TuesdayBasket(bool gold, long expected)
    {
        var rules = RulesReference.Load<EarnRules>("coffee-points");
        using var crm = TestCrm.Create(Tuesday, b =>
        {
            b.AddPoints(o => o.Rules = rules);
            if (gold)
            {
                // Gold from the first spend: a one-tier-up ladder with no threshold above zero spend.
                b.AddMembership(o => o.Policy = new TierPolicy
                {
                    Window = new CalendarYearWindow(),
                    Tiers = [new TierDefinition { Name = "green" }, new TierDefinition { Name = "gold", Thresholds = [new TierThreshold { Metric = TierMetric.NetSpend, Minimum = 0.01m }], Benefits = new TierBenefits { PointsMultiplier = 1.5m } }],
                });
            }
        });
        await crm.Manager.RegisterCustomerAsync(new CustomerProfile { Id = new CustomerId("p1"), JoinedAt = Tuesday });

        // A gift card bought on the Monday (earning nothing) makes the member gold before the Tuesday basket: points are
        // earned at the tier held when a purchase starts.
        await crm.Manager.RecordPurchaseAsync(Purchase("o0", "p1", Tuesday - Duration.FromDays(1), Line("1", 50m, 1, "gift-card", "gift-card-50")));
        await crm.Manager.RecordPurchaseAsync(Purchase("o1", "p1", Tuesday, Line("1", 22m, 2, sku: "latte"), Line("2", 14m, 1, "bakery", "croissant"), Line("3", 50m, 1, "gift-card", "gift-card-50")));

        var balance = await crm.Get<PointsManager>().GetBalanceAsync(new CustomerId("p1"));
        balance.Total.Value.Should().Be(expected);
    }
}
