// Uses the packed packages the way a host does: DI, SQLite (or in-memory) storage, one member, two purchases.
// Exits non-zero if anything a package promises is not there.
using Crm;
using Crm.Churn;
using Crm.Coupons;
using Crm.Membership;
using Crm.Points;
using Crm.Segmentation;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

var failures = new List<string>();
void Check(bool condition, string what)
{
    Console.WriteLine($"{(condition ? "ok  " : "FAIL")} {what}");
    if (!condition)
    {
        failures.Add(what);
    }
}

// PostgreSQL too when a server is given (.ci/run starts one), each run under its own customer id.
var postgres = Environment.GetEnvironmentVariable("CRM_PG_CONNECTION");
foreach (var storage in postgres is null ? ["in-memory", "sqlite"] : new[] { "in-memory", "sqlite", "postgres" })
{
    var dbPath = Path.Combine(Path.GetTempPath(), $"crm-consumer-{Guid.NewGuid():N}.db");
    var services = new ServiceCollection();
    var crm = services
        .AddCrm(o =>
        {
            o.Currency = Currency.CNY;
            o.TimeZone = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
        })
        .AddMembership(o => o.Policy = TierPolicy.FromJson("""
            {
              "window": { "kind": "rollingMonths", "months": 12 },
              "tiers": [
                { "name": "green" },
                { "name": "gold", "thresholds": [ { "metric": "netSpend", "minimum": 100 } ],
                  "benefits": { "pointsMultiplier": 2, "welcomeCouponTemplateId": "gold-welcome" } }
              ]
            }
            """))
        .AddPoints(o => o.Rules = EarnRules.FromJson("""{ "pointsPerUnit": 1, "multipliers": [ { "kind": "tierBenefit" } ] }"""))
        .AddCoupons(o => o.Templates.Add(CouponTemplate.FromJson("""
            { "id": "gold-welcome", "benefit": { "kind": "amountOff", "amount": "10.00 CNY" }, "validity": { "days": 30 } }
            """)))
        .AddSegmentation()
        .AddChurn(o => o.Policy = new ChurnPolicy());
    if (storage == "sqlite")
    {
        crm.UseSqliteStorage(o => o.ConnectionString = $"Data Source={dbPath};Pooling=false");
    }
    else if (storage == "postgres")
    {
        crm.UsePostgresStorage(o => o.ConnectionString = postgres);
    }
    else
    {
        crm.UseInMemoryStorage();
    }

    await using (var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true }))
    {
        var manager = provider.GetRequiredService<CrmManager>();
        var membership = provider.GetRequiredService<MembershipManager>();
        var customer = new CustomerId($"consumer-{Guid.NewGuid():N}");
        await manager.RegisterCustomerAsync(new CustomerProfile { Id = customer, JoinedAt = Instant.FromUtc(2026, 1, 1, 0, 0) });
        for (var i = 1; i <= 2; i++)
        {
            var purchase = new Purchase
            {
                Id = $"{customer.Value}-order-{i}",
                CustomerId = customer,
                StoreId = "store-1",
                Channel = SalesChannel.App,
                OccurredAt = Instant.FromUtc(2026, 2, i, 2, 0),
                Lines = [new PurchaseLine { LineId = "1", Sku = "latte", Category = "coffee", Quantity = 2, UnitPrice = new Money(30m, Currency.CNY) }],
                PaidTotal = new Money(60m, Currency.CNY),
            };
            await manager.RecordPurchaseAsync(purchase);
            var replay = await manager.RecordPurchaseAsync(purchase);
            Check(replay.Status == RecordStatus.Replayed, $"{storage}: replaying {purchase.Id} is reported as already recorded");
        }

        var metrics = await manager.GetMetricsAsync(customer);
        Check(metrics.NetSpend == new Money(120m, Currency.CNY), $"{storage}: net spend is 120.00 CNY (got {metrics.NetSpend})");
        var tier = await membership.GetTierAsync(customer);
        Check(tier.Name == "gold", $"{storage}: 120.00 CNY of spend reaches gold (got {tier.Name})");
        var points = await provider.GetRequiredService<PointsManager>().GetBalanceAsync(customer);
        Check(points.Available.Value == 120, $"{storage}: 60 points, then 60 more at green, the tier the upgrading purchase started in = 120 (got {points.Available.Value})");
        var wallet = await provider.GetRequiredService<CouponManager>().GetWalletAsync(customer);
        Check(wallet.Count == 1 && wallet[0].TemplateId == "gold-welcome", $"{storage}: the gold welcome coupon is in the wallet");
        await provider.GetRequiredService<SegmentationManager>().RunAsync(Instant.FromUtc(2026, 3, 1, 0, 0));
        var segments = await provider.GetRequiredService<SegmentationManager>().GetSegmentsAsync(customer);
        Check(segments is not null, $"{storage}: the customer has segments");
        var risk = await provider.GetRequiredService<ChurnManager>().AssessAsync(customer);
        Check(risk.Score is >= 0 and <= 1, $"{storage}: a churn score in 0..1 (got {risk.Score:0.###})");
    }

    foreach (var suffix in new[] { "", "-wal", "-shm" })
    {
        File.Delete(dbPath + suffix);
    }
}

Console.WriteLine(failures.Count == 0 ? "package consumer: all checks passed" : $"package consumer: {failures.Count} check(s) failed");
return failures.Count == 0 ? 0 : 1;
