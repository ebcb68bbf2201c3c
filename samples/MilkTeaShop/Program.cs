// MilkTeaShop: a tea shop's six weeks. Points on every order plus a buy-ten-get-one stamp card (the host's own
// purchase handler), taste-preference segments, and customer feedback that raises churn risk.
//   dotnet run --project samples/MilkTeaShop                 (SQLite file milkteashop.db next to the binary)
//   dotnet run --project samples/MilkTeaShop -- --in-memory  (--seed N for other customers)
using Crm;
using Crm.Churn;
using Crm.Coupons;
using Crm.Points;
using Crm.Samples;
using Crm.Segmentation;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

const int Members = 400;
const int Days = 42;
var host = SampleHost.Parse("MilkTeaShop", args);
var start = new LocalDate(2026, 10, 1);
var clock = new SampleClock(start.AtStartOfDayInZone(SampleHost.Shanghai).ToInstant());

var services = new ServiceCollection();
host.AddCrm(services, clock)
    .AddPoints(o => o.Rules = EarnRules.FromJson("""
        { "pointsPerUnit": 1, "firstPurchaseBonus": 50,
          "multipliers": [ { "kind": "category", "name": "new season fruit teas", "category": "fruit-tea", "factor": 2 } ] }
        """))
    .AddCoupons(o => o.Templates.Add(CouponTemplate.FromJson("""
        { "id": "free-drink", "name": "Stamp card: a free drink",
          "benefit": { "kind": "fixedPrice", "price": "0.00 CNY", "maxItems": 1 },
          "scope": { "excludedCategories": [ "snack" ] }, "validity": { "days": 60 } }
        """)))
    .AddSegmentation(o => o.Policy = SegmentationPolicy.FromJson("""
        {
          "preferences": {
            "categoryMinimumShare": 0.5,
            "dayparts": [ { "name": "morning", "from": "05:00:00", "to": "12:00:00" },
                          { "name": "afternoon", "from": "12:00:00", "to": "17:00:00" },
                          { "name": "evening", "from": "17:00:00", "to": "05:00:00" } ],
            "daypartMinimumShare": 0.6
          },
          "frequencyTiers": { "bands": [ { "name": "frequency-high", "minimum": 12 }, { "name": "frequency-mid", "minimum": 5 } ], "otherwise": "frequency-low" }
        }
        """))
    .AddChurn(o => o.Policy = ChurnPolicy.FromJson("""
        { "cadence": { "multiplier": 3, "weight": 0.6 }, "frequencyDrop": { "weight": 0.5 }, "model": { "weight": 0 },
          "feedback": { "weight": 0.6 }, "levels": { "watch": 0.3, "warning": 0.5, "critical": 0.75 } }
        """))
    .AddPurchaseHandler<StampCard>();

await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
var crm = provider.GetRequiredService<CrmManager>();
var points = provider.GetRequiredService<PointsManager>();
var coupons = provider.GetRequiredService<CouponManager>();
var segmentation = provider.GetRequiredService<SegmentationManager>();
var churn = provider.GetRequiredService<ChurnManager>();
var stamps = provider.GetServices<IPurchaseHandler>().OfType<StampCard>().Single();

host.PrintHeader($"MilkTeaShop: {Members} members, {start:yyyy-MM-dd} to {start.PlusDays(Days - 1):yyyy-MM-dd}");
var members = TeaOrders.Members(Members, host.Seed);
foreach (var member in members)
{
    await crm.RegisterCustomerAsync(new CustomerProfile { Id = member.Id, JoinedAt = clock.Now - Duration.FromDays(90) });
    await crm.RecordConsentAsync(new ConsentRecord
    {
        Id = $"signup:{member.Id}:app",
        CustomerId = member.Id,
        Purpose = ConsentPurpose.Marketing,
        Channel = ContactChannels.App,
        Granted = true,
        PolicyVersion = "v1",
        Source = "mini-program-signup",
        At = clock.Now - Duration.FromDays(90),
    });
}

// At the till the free drink of a full stamp card is taken automatically when the customer has one.
var orders = TeaOrders.Orders(members, start, Days, host.Seed);
var bar = new ProgressBar("orders", orders.Count);
int done = 0, freeDrinks = 0;
var freeValue = Money.Zero(Currency.CNY);
foreach (var order in orders)
{
    clock.Now = order.OccurredAt;
    var evaluation = await coupons.EvaluateAsync(order.CustomerId, new CouponBasket { Lines = order.Lines, StoreId = order.StoreId, Channel = order.Channel, ReservationKey = order.Id });
    var paid = order.PaidTotal;
    foreach (var applied in evaluation.Best.Coupons)
    {
        if ((await coupons.ReserveAsync(order.CustomerId, applied.CouponId, order.Id)).Status == RedemptionStatus.Succeeded)
        {
            paid -= applied.Discount;
            freeDrinks++;
            freeValue += applied.Discount;
        }
    }

    await crm.RecordPurchaseAsync(TeaOrders.WithPaidTotal(order, paid));
    bar.Report(++done);
}

var end = start.PlusDays(Days - 1).At(new LocalTime(22, 0)).InZoneStrictly(SampleHost.Shanghai).ToInstant();
clock.Now = end;

SampleHost.Section("Stamp card: buy ten, get one");
var cards = members.Sum(m => stamps.StampsOf(m.Id) / StampCard.StampsPerCard);
Console.WriteLine($"  {orders.Count:N0} orders; {cards} full cards gave a free drink; {freeDrinks} were drunk (worth {freeValue}), the rest wait in the app");
var loyal = new ConsoleTable("member", "stamps", "free drinks earned", "points");
foreach (var member in members.OrderByDescending(m => stamps.StampsOf(m.Id)).ThenBy(m => m.Id.Value, StringComparer.Ordinal).Take(5))
{
    var balance = await points.GetBalanceAsync(member.Id);
    loyal.Add(member.Id, stamps.StampsOf(member.Id), stamps.StampsOf(member.Id) / StampCard.StampsPerCard, balance.Available.Value);
}

loyal.Print();

SampleHost.Section("Taste preferences");
var segmentBar = new ProgressBar("customers segmented", members.Count);
await segmentation.RunAsync(end, new Progress<SegmentationProgress>(p =>
{
    if (p.Phase == SegmentationPhase.Assigning)
    {
        segmentBar.Report(p.Customers);
    }
}));
segmentBar.Report(members.Count);
var counts = await segmentation.GetCountsAsync();
var tastes = new ConsoleTable("segment", "customers");
foreach (var count in counts.Where(c => c.Segment.StartsWith("loves-", StringComparison.Ordinal) || c.Segment is "morning" or "afternoon" or "evening" || c.Segment.StartsWith("frequency-", StringComparison.Ordinal)).OrderBy(c => c.Segment, StringComparer.Ordinal))
{
    tastes.Add(count.Segment, count.IsSuppressed ? "suppressed" : count.Customers);
}

tastes.Print();

SampleHost.Section("Feedback raises churn risk");
var regulars = members.Where(m => m.VisitsPerWeek >= 2.5).Take(6).ToList();
var feedback = new ConsoleTable("member", "score before", "complaint", "score after", "level after");
string[] notes = ["drink was warm", "wrong sugar level", "waited 25 minutes", "boba too hard", "rude at the counter", "order missing"];
for (var i = 0; i < regulars.Count; i++)
{
    var before = await churn.AssessAsync(regulars[i].Id);
    await churn.RecordFeedbackAsync(new ChurnFeedback { Id = $"ticket-{i + 1}", CustomerId = regulars[i].Id, ReportedAt = end, Note = notes[i] });
    var after = await churn.AssessAsync(regulars[i].Id);
    feedback.Add(regulars[i].Id, before.Score, notes[i], after.Score, after.Level);
}

feedback.Print();
Console.WriteLine("  (resolving a complaint with ResolveFeedbackAsync takes the feedback signal away again)");
