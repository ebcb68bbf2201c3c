using Crm.Coupons;
using Crm.Membership;
using Crm.Points;
using Crm.TestUtils;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;

namespace Crm.Docs.Tests;

/// <summary>docs/getting-started.md step by step, on SQLite as the page shows, with the numbers it states.</summary>
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
    public async Task GettingStarted_FirstPurchase_Points_Tier_Coupon()
    {
        var clock = new FakeClock(Instant.FromUtc(2026, 6, 1, 2, 0));
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
            .AddCoupons(o => o.Templates.Add(CouponTemplate.FromJson("""
                { "id": "gold-welcome", "name": "Welcome to gold: 10 off",
                  "benefit": { "kind": "amountOff", "amount": "10.00 CNY" }, "validity": { "days": 30 } }
                """)))
            .UseSqliteStorage(o => o.ConnectionString = $"Data Source={_database};Pooling=false");
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        var crm = provider.GetRequiredService<CrmManager>();
        var member = new CustomerId("member-0001");
        await crm.RegisterCustomerAsync(new CustomerProfile { Id = member, JoinedAt = clock.GetCurrentInstant() });
        await crm.GrantAsync(member, ContactChannels.App | ContactChannels.Push);
        var purchase = new Purchase
        {
            Id = "order-1001",
            CustomerId = member,
            StoreId = "sh-jingan-01",
            Channel = SalesChannel.App,
            OccurredAt = clock.GetCurrentInstant(),
            Lines =
            [
                new PurchaseLine { LineId = "1", Sku = "latte", Category = "coffee", Quantity = 2, UnitPrice = new Money(32m, Currency.CNY) },
                new PurchaseLine { LineId = "2", Sku = "croissant", Category = "bakery", Quantity = 3, UnitPrice = new Money(14m, Currency.CNY) },
            ],
            PaidTotal = new Money(106m, Currency.CNY),
        };
        (await crm.RecordPurchaseAsync(purchase)).Status.Should().Be(RecordStatus.Recorded);
        (await crm.RecordPurchaseAsync(purchase)).Status.Should().Be(RecordStatus.Replayed);

        (await provider.GetRequiredService<MembershipManager>().GetTierAsync(member)).Name.Should().Be("gold");
        (await provider.GetRequiredService<PointsManager>().GetBalanceAsync(member)).Available.Value.Should().Be(106);
        var coupons = provider.GetRequiredService<CouponManager>();
        (await coupons.GetWalletAsync(member)).Should().ContainSingle(c => c.TemplateId == "gold-welcome");

        clock.AdvanceMinutes(30);
        var basket = new CouponBasket
        {
            Lines = [new PurchaseLine { LineId = "1", Sku = "latte", Category = "coffee", Quantity = 1, UnitPrice = new Money(32m, Currency.CNY) }],
            StoreId = "sh-jingan-01",
            Channel = SalesChannel.App,
        };
        var evaluation = await coupons.EvaluateAsync(member, basket);
        evaluation.Best.TotalDiscount.Should().Be(new Money(10m, Currency.CNY));
        foreach (var coupon in evaluation.Best.Coupons)
        {
            (await coupons.ReserveAsync(member, coupon.CouponId, reservationKey: "order-1002")).Status.Should().Be(RedemptionStatus.Succeeded);
        }

        await crm.RecordPurchaseAsync(new Purchase
        {
            Id = "order-1002",
            CustomerId = member,
            StoreId = "sh-jingan-01",
            Channel = SalesChannel.App,
            OccurredAt = clock.GetCurrentInstant(),
            Lines = basket.Lines,
            PaidTotal = new Money(32m, Currency.CNY) - evaluation.Best.TotalDiscount,
        });

        (await coupons.GetWalletAsync(member)).Should().BeEmpty();
    }
}
