using Crm.Churn;
using Crm.Coupons;
using Crm.Membership;
using Crm.Points;
using Crm.Segmentation;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;

namespace Crm.Docs.Tests;

/// <summary>
/// docs/getting-started.md step by step, on SQLite as the page shows, with the numbers it states; run twice against the
/// same database, as a newcomer will, the second run replays and throws nothing.
/// </summary>
public sealed class GettingStartedTests : IDisposable
{
    private readonly string _database = Path.Combine(Path.GetTempPath(), $"crm-getting-started-{Guid.NewGuid():N}.db");

    public void Dispose()
    {
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_database + suffix);
        }
    }

    [Fact]
    public async Task GettingStarted_FirstRun_HasThePagesNumbers()
    {
        var clock = new FakeClock(Instant.FromUtc(2026, 6, 1, 2, 0));

        var run = await RunPageAsync(clock);

        run.Registered.Should().BeFalse();
        run.FirstOrder.Should().Be(RecordStatus.Recorded);
        run.FirstOrderAgain.Should().Be(RecordStatus.Replayed);
        run.Tier.Should().Be("gold");
        run.Points.Should().Be(106 + 33, "106 earned at green, then 22.00 × 1.5 at gold");
        run.WalletAfterFirstOrder.Should().Equal("gold-welcome");
        run.Discount.Should().Be(new Money(10m, Currency.CNY));
        run.SecondOrder.Should().Be(RecordStatus.Recorded);
        run.WalletAtEnd.Should().BeEmpty();
        run.Segments.Should().Equal("lifecycle-new", "gold-members");
        run.ChurnLevel.Should().Be(ChurnLevel.None);
        run.TierExplanation.Should().Be("106.00 CNY net spend, 1 purchases in 2025-07..2026-06 reach 'gold' (100.00 CNY net spend)");
    }

    [Fact]
    public async Task GettingStarted_RunTwiceOnTheSameDatabase_ReplaysWithoutAnError()
    {
        var clock = new FakeClock(Instant.FromUtc(2026, 6, 1, 2, 0));
        await RunPageAsync(clock);
        clock.AdvanceDays(1);

        var again = await RunPageAsync(clock);

        again.Registered.Should().BeTrue();
        again.FirstOrder.Should().Be(RecordStatus.Replayed);
        again.FirstOrderAgain.Should().Be(RecordStatus.Replayed);
        again.Discount.Should().Be(new Money(0m, Currency.CNY), "the welcome coupon was used by the first run");
        again.SecondOrder.Should().Be(RecordStatus.Replayed);
        again.Tier.Should().Be("gold");
        again.Points.Should().Be(106 + 33);
    }

    private sealed record PageRun(
        bool Registered, RecordStatus FirstOrder, RecordStatus FirstOrderAgain, string Tier, long Points, string[] WalletAfterFirstOrder,
        Money Discount, RecordStatus SecondOrder, string[] WalletAtEnd, string[] Segments, ChurnLevel ChurnLevel, string TierExplanation);

    /// <summary>The page's code, with a fake clock instead of the system clock.</summary>
    private async Task<PageRun> RunPageAsync(FakeClock clock)
    {
        // Step 2.
        var services = new ServiceCollection();
        services.AddSingleton<IClock>(clock);
        services
            .AddCrm(o =>
            {
                o.Currency = Currency.CNY;
                o.TimeZone = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
            })
            .AddMembership(o => o.Policy = TierPolicy.FromJson("""
                { "window": { "kind": "rollingMonths", "months": 12 },
                  "tiers": [ { "name": "green" },
                             { "name": "gold", "thresholds": [ { "metric": "netSpend", "minimum": 100 } ],
                               "benefits": { "pointsMultiplier": 1.5, "welcomeCouponTemplateId": "gold-welcome" } } ] }
                """))
            .AddPoints(o => o.Rules = EarnRules.FromJson("""
                { "pointsPerUnit": 1, "multipliers": [ { "kind": "tierBenefit" } ] }
                """))
            .AddCoupons(o => o.Templates.AddRange(CouponTemplate.ListFromJson("""
                [ { "id": "gold-welcome", "name": "Welcome to gold: 10 off",
                    "benefit": { "kind": "amountOff", "amount": "10.00 CNY" }, "validity": { "days": 30 } },
                  { "id": "second-cup-half", "name": "Second cup half price",
                    "benefit": { "kind": "nthItem", "n": 2, "percent": 50 }, "validity": { "days": 7 } } ]
                """)))
            .AddSegmentation(o => o.Policy = SegmentationPolicy.FromJson("""
                { "lifecycle": { "newDays": 30, "activeDays": 90, "lapsedDays": 180 },
                  "rules": [ { "name": "gold-members", "when": { "kind": "tier", "tiers": [ "gold" ] } } ] }
                """))
            .AddChurn(o => o.Policy = new ChurnPolicy())
            .UseSqliteStorage(o => o.ConnectionString = $"Data Source={_database};Pooling=false");
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        // Step 3.
        var crm = provider.GetRequiredService<CrmManager>();
        var member = new CustomerId("member-0001");
        var registered = await crm.RegisterCustomerAsync(new CustomerProfile { Id = member, JoinedAt = clock.GetCurrentInstant() });
        var opened = registered.Profile.JoinedAt;
        await crm.RecordConsentAsync(new ConsentRecord
        {
            Id = "signup-0001-push",
            CustomerId = member,
            Purpose = ConsentPurpose.Marketing,
            Channel = ContactChannels.Push,
            Granted = true,
            PolicyVersion = "2026-01",
            Source = "app-signup",
            At = opened,
        });
        var purchase = new Purchase
        {
            Id = "order-1001",
            CustomerId = member,
            StoreId = "sh-jingan-01",
            Channel = SalesChannel.App,
            OccurredAt = opened,
            Lines =
            [
                new PurchaseLine { LineId = "1", Sku = "latte", Category = "coffee", Quantity = 2, UnitPrice = new Money(32m, Currency.CNY) },
                new PurchaseLine { LineId = "2", Sku = "croissant", Category = "bakery", Quantity = 3, UnitPrice = new Money(14m, Currency.CNY) },
            ],
            PaidTotal = new Money(106m, Currency.CNY),
        };
        var result = await crm.RecordPurchaseAsync(purchase);
        var again = await crm.RecordPurchaseAsync(purchase);

        // Step 4.
        var tier = await provider.GetRequiredService<MembershipManager>().GetTierAsync(member);
        var coupons = provider.GetRequiredService<CouponManager>();
        var walletAfterFirst = (await coupons.GetWalletAsync(member)).Select(c => c.TemplateId).ToArray();
        var explanation = (await provider.GetRequiredService<MembershipManager>().GetHistoryAsync(member))[0].Explanation;

        // Step 5.
        var basket = new CouponBasket
        {
            Lines = [new PurchaseLine { LineId = "1", Sku = "latte", Category = "coffee", Quantity = 1, UnitPrice = new Money(32m, Currency.CNY) }],
            StoreId = "sh-jingan-01",
            Channel = SalesChannel.App,
        };
        var evaluation = await coupons.EvaluateAsync(member, basket);
        foreach (var coupon in evaluation.Best.Coupons)
        {
            await coupons.ReserveAsync(member, coupon.CouponId, reservationKey: "order-1002");
        }

        var second = await crm.RecordPurchaseAsync(new Purchase
        {
            Id = "order-1002",
            CustomerId = member,
            StoreId = "sh-jingan-01",
            Channel = SalesChannel.App,
            OccurredAt = opened,
            Lines = basket.Lines,
            PaidTotal = new Money(22m, Currency.CNY),
        });
        var points = await provider.GetRequiredService<PointsManager>().GetBalanceAsync(member);

        // Step 6.
        await provider.GetRequiredService<SegmentationManager>().RunAsync();
        var segments = await provider.GetRequiredService<SegmentationManager>().GetSegmentsAsync(member);
        var churn = await provider.GetRequiredService<ChurnManager>().AssessAsync(member);

        return new PageRun(
            registered.IsReplay, result.Status, again.Status, tier.Name, points.Available.Value, walletAfterFirst, evaluation.Best.TotalDiscount,
            second.Status, [.. (await coupons.GetWalletAsync(member)).Select(c => c.TemplateId)], [.. segments!.Assignments.Select(a => a.Segment)], churn.Level, explanation);
    }
}
