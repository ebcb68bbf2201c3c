// CoffeeChain: an app-first coffee chain's month. Levels earned by visits in a rolling 30 days, Tuesday member day
// with double points, "second cup half price" and a 9.90 afternoon coffee at the till, a birthday gift, then who
// moved up, what the outstanding points are worth, and who is drifting away with the win-back coupon they got.
// Last, a what-if on the month's history: the member day on Wednesday, and gold at 15 visits instead of 12.
//   dotnet run --project samples/CoffeeChain                 (SQLite file coffeechain.db next to the binary)
//   dotnet run --project samples/CoffeeChain -- --in-memory  (--seed N for another month)
using Crm;
using Crm.Churn;
using Crm.Coupons;
using Crm.Membership;
using Crm.Points;
using Crm.Samples;
using Crm.Simulation;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

const int Members = 300;
const int Days = 30;
var host = SampleHost.Parse("CoffeeChain", args);
var start = new LocalDate(2026, 9, 1);
var startInstant = start.AtStartOfDayInZone(SampleHost.Shanghai).ToInstant();
var clock = new SampleClock(startInstant);

var services = new ServiceCollection();
host.AddCrm(services, clock)
    .AddMembership(o => o.Policy = Levels(goldVisits: 12))
    .AddPoints(o =>
    {
        o.Rules = EarnRules.FromJson("""
            {
              "pointsPerUnit": 1,
              "multipliers": [
                { "kind": "memberDay", "name": "Tuesday member day", "dayOfWeek": "tuesday", "factor": 2 },
                { "kind": "tierBenefit", "name": "level multiplier" }
              ]
            }
            """);
        o.Expiry = new PointsExpiry { Kind = PointsExpiryKind.EndOfYear, Count = 1 };
        o.CostPerPoint = new Money(0.02m, Currency.CNY);
    })
    .AddCoupons(o =>
    {
        foreach (var template in CouponTemplate.ListFromJson("""
            [
              { "id": "second-cup-half", "name": "Second cup half price", "benefit": { "kind": "nthItem", "n": 2, "percent": 50 },
                "scope": { "categories": [ "coffee", "tea" ] }, "validity": { "days": 14 } },
              { "id": "afternoon-990", "name": "9.90 coffee, 3 to 5 pm", "benefit": { "kind": "fixedPrice", "price": "9.90 CNY" },
                "scope": { "categories": [ "coffee" ] }, "conditions": { "hours": { "from": "15:00:00", "to": "17:00:00" } },
                "validity": { "days": 14 } },
              { "id": "birthday-cake", "name": "Birthday croissant", "benefit": { "kind": "buyGet", "buy": 1, "get": 1, "freeSkus": [ "croissant" ] },
                "validity": { "days": 30 } },
              { "id": "winback-free-cup", "name": "We miss you: 15 off", "benefit": { "kind": "amountOff", "amount": "15.00 CNY" },
                "validity": { "days": 14 } }
            ]
            """))
        {
            o.Templates.Add(template);
        }
    })
    .AddChurn(o => o.Policy = ChurnPolicy.FromJson("""
        {
          "cadence": { "multiplier": 3, "minPurchaseDays": 3, "defaultGapDays": 10, "weight": 1 },
          "frequencyDrop": { "windowDays": 10, "minDropPercent": 50, "minPreviousPurchases": 2, "weight": 0.8 },
          "model": { "weight": 0 },
          "levels": { "watch": 0.3, "warning": 0.5, "critical": 0.75 },
          "winBack": { "actions": [ { "level": "warning", "kind": "coupon", "couponTemplateId": "winback-free-cup", "channels": "app, push" } ],
                       "coolDownDays": 30, "wonBackWithinDays": 14 }
        }
        """))
    .AddSimulation();

await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
var crm = provider.GetRequiredService<CrmManager>();
var membership = provider.GetRequiredService<MembershipManager>();
var points = provider.GetRequiredService<PointsManager>();
var coupons = provider.GetRequiredService<CouponManager>();
var churn = provider.GetRequiredService<ChurnManager>();

host.PrintHeader($"CoffeeChain: {Members} app members, {start:yyyy-MM-dd} to {start.PlusDays(Days - 1):yyyy-MM-dd}");

// Members sign up; one in three has consented to app and push messages.
var generator = new CoffeeOrders(host.Seed);
var members = generator.Members(Members, Days);
var random = new Random(host.Seed + 2);
foreach (var member in members)
{
    var joined = startInstant - Duration.FromDays(random.Next(30, 400));
    var consents = random.Next(3) == 0 ? ContactChannels.None : ContactChannels.App | ContactChannels.Push;
    await crm.RegisterCustomerAsync(new CustomerProfile { Id = member.Id, JoinedAt = joined, Birthday = member.Birthday });
    foreach (var channel in new[] { ContactChannels.App, ContactChannels.Push }.Where(c => consents.HasFlag(c)))
    {
        await crm.RecordConsentAsync(new ConsentRecord
        {
            Id = $"signup:{member.Id}:{channel}",
            CustomerId = member.Id,
            Purpose = ConsentPurpose.Marketing,
            Channel = channel,
            Granted = true,
            PolicyVersion = "v1",
            Source = "app-signup",
            At = joined,
        });
    }
}

// Every member starts the month with a "second cup half price" coupon in the app.
foreach (var member in members)
{
    await coupons.IssueAsync(new CouponIssueRequest(member.Id, "second-cup-half", CouponIssueReason.Campaign, $"september-launch:{member.Id}"));
}

// The till: for each order, the app evaluates the wallet, reserves the best combination under the order id, and
// the front door records the purchase (paid total after the discount), which confirms those coupons, earns points,
// moves levels and closes any win-back episode.
var orders = generator.Orders(members, start, Days);
var bar = new ProgressBar("orders", orders.Count);
var discounts = new Dictionary<string, (int Uses, decimal Amount)>();
var memberDayPoints = 0L;
var done = 0;
foreach (var order in orders)
{
    clock.Now = order.OccurredAt;
    var evaluation = await coupons.EvaluateAsync(order.CustomerId, new CouponBasket { Lines = order.Lines, StoreId = order.StoreId, Channel = order.Channel, ReservationKey = order.Id });
    var paid = order.PaidTotal;
    foreach (var applied in evaluation.Best.Coupons)
    {
        var reserved = await coupons.ReserveAsync(order.CustomerId, applied.CouponId, order.Id);
        if (reserved.Status == RedemptionStatus.Succeeded)
        {
            paid -= applied.Discount;
            var name = applied.TemplateId;
            discounts[name] = discounts.TryGetValue(name, out var d) ? (d.Uses + 1, d.Amount + applied.Discount.Amount) : (1, applied.Discount.Amount);
        }
    }

    var result = await crm.RecordPurchaseAsync(CoffeeOrders.WithPaidTotal(order, paid));
    if (result.Outcomes.OfType<PointsAward>().SingleOrDefault() is { } award)
    {
        memberDayPoints += award.Explanation.Where(c => c.Rule.Contains("member day", StringComparison.OrdinalIgnoreCase)).Sum(c => c.Points.Value);
    }

    bar.Report(++done);
}

// Month end: gold and black members born in September get their birthday gift (idempotent per member per year).
clock.Now = start.PlusDays(Days - 1).At(new LocalTime(22, 0)).InZoneStrictly(SampleHost.Shanghai).ToInstant();
var birthdays = await membership.GrantBenefitsAsync(clock.Now);

SampleHost.Section("Levels at the end of the month");
var tiers = new Dictionary<string, int>();
var upgrades = new List<(CustomerId Id, string Tier, Instant At)>();
foreach (var member in members)
{
    var tier = await membership.GetTierAsync(member.Id);
    tiers[tier.Name] = tiers.GetValueOrDefault(tier.Name) + 1;
    foreach (var change in await membership.GetHistoryAsync(member.Id))
    {
        if (change.To != "green")
        {
            upgrades.Add((member.Id, change.To, change.OccurredAt));
        }
    }
}

var levels = new ConsoleTable("level", "members");
foreach (var name in new[] { "green", "gold", "black" })
{
    levels.Add(name, tiers.GetValueOrDefault(name));
}

levels.Print();
Console.WriteLine();
Console.WriteLine($"  {upgrades.Count} upgrades this month; the first five:");
var firstUpgrades = new ConsoleTable("member", "reached", "on (Shanghai)");
foreach (var upgrade in upgrades.OrderBy(u => u.At).Take(5))
{
    firstUpgrades.Add(upgrade.Id, upgrade.Tier, upgrade.At.InZone(SampleHost.Shanghai).ToString("yyyy-MM-dd HH:mm", null));
}

firstUpgrades.Print();

// Every decision explains itself, in the programme's culture (run with --culture zh-CN for Chinese).
if (upgrades.Count > 0)
{
    var (firstId, firstTier, _) = upgrades.MinBy(u => u.At);
    var why = (await membership.GetHistoryAsync(firstId)).First(c => c.To == firstTier).Explanation;
    Console.WriteLine($"  why {firstId} moved up: {why}");
}

foreach (var member in members)
{
    if ((await membership.GetTierAsync(member.Id)).Name == "green" && await membership.GetProgressAsync(member.Id) is { } progress)
    {
        Console.WriteLine($"  what {member.Id} needs: {progress.Message}");
        break;
    }
}

SampleHost.Section("Coupons used at the till");
var used = new ConsoleTable("coupon", "uses", "discount");
foreach (var (name, (uses, amount)) in discounts.OrderBy(d => d.Key, StringComparer.Ordinal))
{
    used.Add(name, uses, new Money(amount, Currency.CNY));
}

used.Print();
Console.WriteLine($"  birthday gifts issued to gold and black members born in September: {birthdays.GrantsIssued}");

SampleHost.Section("Points");
var liability = await points.GetLiabilityAsync();
Console.WriteLine($"  outstanding: {liability.OutstandingPoints.Value:N0} points, worth {liability.Value} at {liability.CostPerPoint} a point");
Console.WriteLine($"  earned by the Tuesday member day multiplier: {memberDayPoints:N0} points");

SampleHost.Section("Drifting away: churn warnings and win-back");
var assessed = new ProgressBar("members assessed", Members);
var run = await churn.RunAsync(new Progress<int>(n => assessed.Report(n)));
assessed.Report(Members);
Console.WriteLine($"  assessed {run.CustomersVisited}: {run.Watch} watch, {run.Warning} warning, {run.Critical} critical; " +
    $"{run.ActionsTaken} win-back coupons issued, {run.SkippedNoConsent} not sent (no consent)");
var atRisk = await churn.GetAtRiskAsync(0, 10, ChurnLevel.Warning);
var warnings = new ConsoleTable("member", "level", "score", "value at risk", "why");
foreach (var assessment in atRisk)
{
    warnings.Add(assessment.CustomerId, assessment.Level, assessment.Score, assessment.ValueAtRisk, assessment.Reasons.FirstOrDefault()?.Message);
}

warnings.Print();

// What if: the month's history replayed through the real packages in an isolated in-memory world, under the rules in force
// and under three candidates. The SQLite file (or the in-memory host) is only read.
SampleHost.Section("What if the member day were Wednesday and gold needed 15 visits instead of 12?");
var wednesday = EarnRules.FromJson(points.Rules.ToJson().Replace("tuesday", "wednesday", StringComparison.Ordinal).Replace("Tuesday", "Wednesday", StringComparison.Ordinal));
var simulated = new ProgressBar("facts replayed", orders.Count * 4L);
var report = await provider.GetRequiredService<SimulationManager>().RunAsync(
    new SimulationRequest
    {
        From = start,
        To = start.PlusDays(Days - 1),
        TopCustomers = 3,
        Candidates =
        [
            new SimulationCandidate { Name = "Wednesday", EarnRules = wednesday },
            new SimulationCandidate { Name = "gold at 15", TierPolicy = Levels(goldVisits: 15) },
            new SimulationCandidate { Name = "both", EarnRules = wednesday, TierPolicy = Levels(goldVisits: 15) },
        ],
    },
    new Progress<SimulationProgress>(p => simulated.Report((p.ScenarioIndex * (long)orders.Count) + p.FactsReplayed)));
simulated.Report(orders.Count * 4L);
var whatIf = new ConsoleTable(["", .. report.Scenarios.Select(s => s.Name)]);
whatIf.Add(["points issued", .. report.Scenarios.Select(s => s.NetPointsIssued.ToString("N0", System.Globalization.CultureInfo.InvariantCulture))]);
whatIf.Add(["liability at month end", .. report.Scenarios.Select(s => s.PointsByMonth[^1].Liability)]);
foreach (var level in new[] { "green", "gold", "black" })
{
    whatIf.Add([$"{level} members at the end", .. report.Scenarios.Select(s => s.TiersAtEnd.GetValueOrDefault(level))]);
}

whatIf.Add(["upgrades in the month", .. report.Scenarios.Select(s => s.TierMoves.Upgrades)]);
whatIf.Add(["churn warning or critical", .. report.Scenarios.Select(s => s.ChurnLevelsAtEnd.GetValueOrDefault(ChurnLevel.Warning) + s.ChurnLevelsAtEnd.GetValueOrDefault(ChurnLevel.Critical))]);
whatIf.Print();
Console.WriteLine($"  {report.Baseline.Customers} members with purchases in the month replayed, {report.Baseline.FactsReplayed:N0} purchases each time.");
var both = report.Comparisons.Single(c => c.Candidate == "both");
Console.WriteLine();
Console.WriteLine("  who loses most under both changes, and why:");
var losers = new ConsoleTable("member", "points", "level", "why");
foreach (var loser in both.Losers)
{
    losers.Add(loser.CustomerId, $"{loser.BaselinePoints:N0} -> {loser.CandidatePoints:N0}", $"{loser.BaselineTier} -> {loser.CandidateTier}", string.Join(" / ", loser.Explanation.Take(2)));
}

losers.Print();
Console.WriteLine($"  assumed: {report.Assumptions[^1]}");

// Levels earned by visits in a rolling 30 days: gold at goldVisits, black at 16.
static TierPolicy Levels(int goldVisits) => TierPolicy.FromJson($$"""
    {
      "window": { "kind": "rollingDays", "days": 30 },
      "tiers": [
        { "name": "green" },
        { "name": "gold", "thresholds": [ { "metric": "purchaseCount", "minimum": {{goldVisits}} } ],
          "benefits": { "pointsMultiplier": 1.5, "welcomeCouponTemplateId": "second-cup-half", "birthdayCouponTemplateId": "birthday-cake" } },
        { "name": "black", "thresholds": [ { "metric": "purchaseCount", "minimum": 16 } ],
          "benefits": { "pointsMultiplier": 2, "welcomeCouponTemplateId": "afternoon-990", "birthdayCouponTemplateId": "birthday-cake" } }
      ]
    }
    """);
