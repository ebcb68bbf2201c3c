// CdnowAnalysis: the real CDNOW purchase log (23,570 customers who first bought in Q1 1997, followed to June 1998)
// through the public API: RFM segment counts, the BG/NBD model fitted by Crm.Churn, and the 20 most valuable
// customers at risk.
//   dotnet run --project samples/CdnowAnalysis                              (reads ../shared/data/cdnow/CDNOW_master.txt)
//   dotnet run --project samples/CdnowAnalysis -- path/to/CDNOW_master.txt --in-memory
//   dotnet run --project samples/CdnowAnalysis -- --plots out/                 (also writes the model's pictures as SVG)
using System.Globalization;
using Crm;
using Crm.Churn;
using Crm.Samples;
using Crm.Segmentation;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Text;

var plotsAt = Array.IndexOf(args, "--plots");
var plots = plotsAt >= 0 && plotsAt + 1 < args.Length ? args[plotsAt + 1] : null;
var host = SampleHost.Parse("CdnowAnalysis", plotsAt >= 0 ? [.. args[..plotsAt], .. args[Math.Min(plotsAt + 2, args.Length)..]] : args);
var path = host.Arguments.Count > 0 ? host.Arguments[0] : CdnowLog.DefaultPath();
var zone = DateTimeZoneProviders.Tzdb["America/New_York"];
var asOf = new LocalDate(1998, 6, 30).At(new LocalTime(23, 0)).InZoneStrictly(zone).ToInstant();
var clock = new SampleClock(asOf);

var services = new ServiceCollection();
// CDNOW's purchases are from 1997-98, before the default earliest instant a fact may have (2000).
host.AddCrm(services, clock, Currency.USD, zone, o => o.EarliestFactInstant = Instant.FromUtc(1990, 1, 1, 0, 0))
    .AddSegmentation(o => o.Policy = SegmentationPolicy.FromJson("""
        { "rfm": { "windowMonths": 18, "bins": 5 },
          "valueTiers": { "bands": [ { "name": "value-high", "topShare": 0.2 }, { "name": "value-mid", "topShare": 0.5 } ], "otherwise": "value-low" } }
        """))
    .AddChurn(o => o.Policy = ChurnPolicy.FromJson("""
        { "cadence": { "weight": 0 }, "frequencyDrop": { "weight": 0 }, "model": { "horizonDays": 365, "weight": 1 },
          "levels": { "watch": 0.3, "warning": 0.5, "critical": 0.8 } }
        """));

await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
var crm = provider.GetRequiredService<CrmManager>();
var segmentation = provider.GetRequiredService<SegmentationManager>();
var churn = provider.GetRequiredService<ChurnManager>();

host.PrintHeader("CdnowAnalysis: the CDNOW purchase log");
Console.WriteLine($"  reading {path}");
var purchases = CdnowLog.Read(path, zone);
Console.WriteLine($"  {purchases.Count:N0} purchases of {purchases.Select(p => p.CustomerId).Distinct().Count():N0} customers, " +
    $"{purchases[0].OccurredAt.InZone(zone):yyyy-MM-dd} to {purchases[^1].OccurredAt.InZone(zone):yyyy-MM-dd}");
// A history import: each purchase through the front door, read and committed a round at a time (on SQLite one
// transaction per round instead of one per purchase).
var registered = await SampleImport.ImportHistoryAsync(provider, purchases, new ProgressBar("purchases recorded", purchases.Count));

SampleHost.Section($"RFM segments at {asOf.InZone(zone):yyyy-MM-dd} (18 months, quintiles)");
await segmentation.RunAsync(asOf);

var counts = (await segmentation.GetCountsAsync()).ToDictionary(c => c.Segment);
var rfm = new ConsoleTable("segment", "customers", "share");
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
    rfm.Add(definition.Name, count, $"{100.0 * count / registered:0.0}%");
}

rfm.Print();

SampleHost.Section("BG/NBD model (days), fitted by Crm.Churn on the whole log");
var fit = await churn.FitModelAsync(asOf);
if (fit.Purchases is { } model)
{
    var parameters = new ConsoleTable("parameter", "estimate", "standard error");
    parameters.Add("r", model.R, model.RStandardError).Add("alpha", model.Alpha, model.AlphaStandardError)
        .Add("a", model.A, model.AStandardError).Add("b", model.B, model.BStandardError);
    parameters.Print();
    Console.WriteLine($"  log-likelihood {model.LogLikelihood:0.0} over {model.CustomerCount:N0} customers ({model.DistinctHistories:N0} distinct histories)");
}

if (fit.Spend is { } spend)
{
    Console.WriteLine($"  Gamma-Gamma spend model: p {spend.P:0.###}, q {spend.Q:0.###}, v {spend.V:0.###}");
}

SampleHost.Section("The 20 most valuable customers at risk");
var run = await churn.RunAsync();

Console.WriteLine($"  {run.CustomersVisited:N0} assessed: {run.Watch:N0} watch, {run.Warning:N0} warning, {run.Critical:N0} critical");
var top = new ConsoleTable("customer", "P(alive)", "future value", "value at risk", "level", "RFM segment");
foreach (var assessment in await churn.GetAtRiskAsync(0, 20, ChurnLevel.Watch))
{
    var segments = await segmentation.GetSegmentsAsync(assessment.CustomerId);
    top.Add(assessment.CustomerId, assessment.ProbabilityAlive, assessment.FutureValue, assessment.ValueAtRisk, assessment.Level,
        segments?.Assignments.FirstOrDefault(a => a.Kind == SegmentKind.Rfm)?.Segment);
}

top.Print();

if (plots is not null)
{
    // Fader, Hardie and Lee's set-up, in weeks: the model fitted on the 39 weeks to 1997-09-30, checked on the 39 after.
    SampleHost.Section($"Pictures (SVG) in {Path.GetFullPath(plots)}");
    var transactions = purchases.Select(p => new PurchaseTransaction(p.CustomerId, p.OccurredAt, p.PaidTotal.Amount)).ToList();
    var calibrationEnd = new LocalDate(1997, 10, 1).AtStartOfDayInZone(zone).ToInstant();
    var observationEnd = new LocalDate(1998, 7, 1).AtStartOfDayInZone(zone).ToInstant();
    var weeks = new TransactionSummaryOptions { PeriodsPerUnit = 7, Zone = zone };
    var split = TransactionSummary.SplitCalibrationHoldout(transactions, calibrationEnd, observationEnd, weeks);
    var calibrated = BgNbdModel.Fit([.. split.Select(r => r.Calibration.History)]);
    foreach (var file in ChurnPlots.Write(calibrated, 39, 39, calibrated.CompareHoldout(split), plots))
    {
        Console.WriteLine($"  {file}");
    }
}
