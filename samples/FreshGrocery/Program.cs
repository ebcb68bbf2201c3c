// FreshGrocery: a fresh-produce chain. "Spend 100 save 20" and ladder coupons with the best combination chosen at
// the till, then RFM segments and value tiers over 50,000 generated customers, the at-risk list ranked by value, and
// what one store's shoppers buy together, with explained suggestions.
//   dotnet run --project samples/FreshGrocery                 (SQLite file freshgrocery.db next to the binary)
//   dotnet run --project samples/FreshGrocery -- --in-memory  (--seed N, --customers N)
using Crm;
using Crm.Baskets;
using Crm.Churn;
using Crm.Coupons;
using Crm.Samples;
using Crm.Segmentation;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

var host = SampleHost.Parse("FreshGrocery", args);
var customers = host.Arguments.Count >= 2 && host.Arguments[0] == "--customers" ? int.Parse(host.Arguments[1], System.Globalization.CultureInfo.InvariantCulture) : 50_000;
var asOf = new LocalDateTime(2026, 11, 30, 22, 0).InZoneStrictly(SampleHost.Shanghai).ToInstant();
var clock = new SampleClock(asOf - Duration.FromDays(366));

var services = new ServiceCollection();
host.AddCrm(services, clock)
    .AddCoupons(o =>
    {
        o.MaxCouponsPerPurchase = 3;
        foreach (var template in CouponTemplate.ListFromJson("""
            [
              { "id": "spend-100-save-20", "name": "Spend 100 save 20", "benefit": { "kind": "threshold", "minimum": "100.00 CNY", "discount": "20.00 CNY" },
                "validity": { "days": 30 }, "stacking": { "group": "order" } },
              { "id": "ladder", "name": "100 save 10, 200 save 25, 300 save 45",
                "benefit": { "kind": "ladder", "steps": [ { "minimum": "100.00 CNY", "discount": "10.00 CNY" }, { "minimum": "200.00 CNY", "discount": "25.00 CNY" },
                                                        { "minimum": "300.00 CNY", "discount": "45.00 CNY" } ] },
                "validity": { "days": 30 }, "stacking": { "group": "order" } },
              { "id": "fruit-10pct", "name": "Fruit 10% off (up to 15.00)", "benefit": { "kind": "percentOff", "percent": 10, "maxDiscount": "15.00 CNY" },
                "scope": { "categories": [ "fruit" ] }, "validity": { "days": 30 } },
              { "id": "dairy-5", "name": "5.00 off dairy over 30", "benefit": { "kind": "amountOff", "amount": "5.00 CNY" },
                "scope": { "categories": [ "dairy" ] }, "conditions": { "minimumSpend": "30.00 CNY" }, "validity": { "days": 30 } }
            ]
            """))
        {
            o.Templates.Add(template);
        }
    })
    .AddSegmentation(o => o.Policy = SegmentationPolicy.FromJson("""
        {
          "rfm": { "windowMonths": 12, "bins": 5 },
          "valueTiers": { "bands": [ { "name": "value-high", "topShare": 0.2 }, { "name": "value-mid", "topShare": 0.5 } ], "otherwise": "value-low" }
        }
        """))
    .AddBaskets(o => o.Policy = BasketPolicy.FromJson("""
        {
          "families": { "cucumber": "salad", "tomato": "salad" },
          "mining": { "minSupport": 0.005, "minConfidence": 0.2, "minLift": 1.2, "maxItemsetSize": 3 }
        }
        """))
    .AddChurn(o => o.Policy = ChurnPolicy.FromJson("""
        { "cadence": { "multiplier": 3, "weight": 0.7 }, "frequencyDrop": { "windowDays": 60, "weight": 0.5 }, "model": { "horizonDays": 180, "weight": 1 },
          "levels": { "watch": 0.4, "warning": 0.6, "critical": 0.8 } }
        """));

await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
var crm = provider.GetRequiredService<CrmManager>();
var coupons = provider.GetRequiredService<CouponManager>();
var segmentation = provider.GetRequiredService<SegmentationManager>();
var churn = provider.GetRequiredService<ChurnManager>();

host.PrintHeader($"FreshGrocery: the till, then {customers:N0} customers over the 12 months to {asOf.InZone(SampleHost.Shanghai):yyyy-MM-dd}");

// --- At the till: one shopper's wallet holds all four coupons; the engine picks the best combination per basket.
SampleHost.Section("The till: best combination of the wallet's coupons");
var shopper = new CustomerId("shopper-0001");
clock.Now = asOf - Duration.FromDays(366);
await crm.RegisterCustomerAsync(new CustomerProfile { Id = shopper, JoinedAt = clock.Now });
foreach (var template in new[] { "spend-100-save-20", "ladder", "fruit-10pct", "dairy-5" })
{
    await coupons.IssueAsync(new CouponIssueRequest(shopper, template, CouponIssueReason.Campaign, $"demo:{template}"));
}

var baskets = new (string Name, PurchaseLine[] Lines)[]
{
    ("99.99 of vegetables", [Grocery.Line("1", "vegetables", 99.99m)]),
    ("100.00 of vegetables", [Grocery.Line("1", "vegetables", 100m)]),
    ("180 of fruit", [Grocery.Line("1", "fruit", 180m)]),
    ("210 mixed, 40 dairy", [Grocery.Line("1", "vegetables", 120m), Grocery.Line("2", "fruit", 50m), Grocery.Line("3", "dairy", 40m)]),
    ("320 mixed", [Grocery.Line("1", "meat", 200m), Grocery.Line("2", "fruit", 90m), Grocery.Line("3", "dairy", 30m)]),
};
var till = new ConsoleTable("basket", "best combination", "discount", "left out");
foreach (var (name, lines) in baskets)
{
    var evaluation = await coupons.EvaluateAsync(shopper, new CouponBasket { Lines = lines, StoreId = "sh-fresh-01" });
    var best = evaluation.Best;
    var templates = best.Coupons.Select(c => c.TemplateId).ToList();
    var leftOut = evaluation.Coupons.Where(c => !templates.Contains(c.TemplateId)).OrderBy(c => c.TemplateId, StringComparer.Ordinal).Select(c => c.TemplateId + (c.IsApplicable ? "" : " (n/a)"));
    till.Add(name, templates.Count == 0 ? "(none)" : string.Join(" + ", templates), best.TotalDiscount, string.Join(", ", leftOut));
}

till.Print();
var explain = await coupons.EvaluateAsync(shopper, new CouponBasket { Lines = baskets[0].Lines, StoreId = "sh-fresh-01" });
Console.WriteLine($"  why nothing applies to 99.99 CNY: {explain.Coupons.First(c => c.TemplateId == "spend-100-save-20")}");

// --- The population: a year of purchases for every customer, through the front door as an import: each purchase with
// everything every package does about it, read and committed a round at a time (on SQLite one transaction per round).
// Recorded now, at the end of the year: every purchase is in the past.
var generated = Grocery.Purchases(customers, asOf, host.Seed);
clock.Now = asOf;
await SampleImport.ImportHistoryAsync(provider, generated, new ProgressBar("purchases recorded", generated.Count));

clock.Now = asOf;
SampleHost.Section("RFM segments and value tiers");
var segmentBar = new ProgressBar("customers scored", customers);

await segmentation.RunAsync(asOf, new Progress<SegmentationProgress>(p =>
{
    if (p.Phase == SegmentationPhase.Assigning)
    {
        segmentBar.Report(p.Customers);
    }
}));

segmentBar.Report(customers);
var counts = (await segmentation.GetCountsAsync()).ToDictionary(c => c.Segment);
var rfm = new ConsoleTable("RFM segment", "customers", "share");
foreach (var definition in RfmSettings.DefaultMap)
{
    // A segment smaller than CrmOptions.MinimumGroupSize reports no count.
    var found = counts.GetValueOrDefault(definition.Name);
    if (found is { IsSuppressed: true })
    {
        rfm.Add(definition.Name, "suppressed", "-");
        continue;
    }

    var count = found?.Customers ?? 0;
    rfm.Add(definition.Name, count, $"{100.0 * count / customers:0.0}%");
}

rfm.Print();
Console.WriteLine();
var value = new ConsoleTable("value tier", "customers");
foreach (var tier in new[] { "value-high", "value-mid", "value-low" })
{
    value.Add(tier, counts.GetValueOrDefault(tier));
}

value.Print();

SampleHost.Section("At risk, ranked by value at risk");
var churnBar = new ProgressBar("customers assessed", customers);
var run = await churn.RunAsync(new Progress<int>(n => churnBar.Report(n)));

churnBar.Report(customers);
if (churn.Model?.Purchases is { } model)
{
    Console.WriteLine($"  BG/NBD fitted on {model.CustomerCount:N0} customers: r {model.R:0.###}, alpha {model.Alpha:0.###}, a {model.A:0.###}, b {model.B:0.###}");
}

Console.WriteLine($"  {run.Watch:N0} watch, {run.Warning:N0} warning, {run.Critical:N0} critical");
var atRisk = new ConsoleTable("customer", "level", "P(alive)", "future value", "value at risk", "segments");
foreach (var assessment in await churn.GetAtRiskAsync(0, 10, ChurnLevel.Warning))
{
    var segments = await segmentation.GetSegmentsAsync(assessment.CustomerId);
    atRisk.Add(assessment.CustomerId, assessment.Level, assessment.ProbabilityAlive, assessment.FutureValue, assessment.ValueAtRisk,
        string.Join(", ", segments?.Assignments.Select(a => a.Segment) ?? []));
}

atRisk.Print();

// --- Baskets: one store's year of purchases mined for what goes together, then suggestions at the till and for a regular.
SampleHost.Section("Bought together at sh-fresh-01: top bundles and explained suggestions");
var basketAnalysis = provider.GetRequiredService<BasketManager>();
var storeModel = await basketAnalysis.MineAsync(new BasketMiningRequest { Scope = "sh-fresh-01", StoreId = "sh-fresh-01", From = asOf - Duration.FromDays(366), To = asOf });
Console.WriteLine($"  {storeModel}");
var bundles = new ConsoleTable("bundle (if ... then ...)", "baskets", "support", "confidence", "lift");
foreach (var rule in (await basketAnalysis.GetRulesAsync(new RuleQuery { Scope = "sh-fresh-01", OrderBy = RuleOrder.Leverage, Limit = 6 })).Rules)
{
    bundles.Add($"{string.Join(" + ", rule.Antecedent)} -> {rule.Consequent}", rule.BasketCount, $"{rule.Support:P1}", $"{rule.Confidence:P1}", $"{rule.Lift:0.00}");
}

bundles.Print();
var regular = generated.Where(p => p.StoreId == "sh-fresh-01").GroupBy(p => p.CustomerId)
    .Where(g => g.Max(p => p.OccurredAt) > asOf - Duration.FromDays(30))
    .OrderByDescending(g => g.Count()).ThenBy(g => g.Key.Value, StringComparer.Ordinal).First().Key;
foreach (var (who, basket) in new (CustomerId? Who, string[] Basket)[] { (null, ["tomato"]), (null, ["pork", "milk"]), (regular, []) })
{
    var suggested = await basketAnalysis.RecommendAsync(new RecommendationRequest { Scope = "sh-fresh-01", CustomerId = who, Basket = basket, Count = 3 });
    Console.WriteLine($"  {(who is null ? "basket" : $"{who} (regular), empty basket")} [{string.Join(", ", basket)}]:");
    foreach (var recommendation in suggested.Recommendations)
    {
        Console.WriteLine($"    {recommendation.Item,-14} {recommendation.Source,-14} {recommendation.Explanation}");
    }
}
