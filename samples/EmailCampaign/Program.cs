// EmailCampaign: Kevin Hillstrom's e-mail experiment (64,000 customers, three randomized arms, two-week outcomes) measured
// by Crm.Campaigns: per-arm conversion and spend, and each e-mail's uplift over "No E-Mail" with 95% confidence intervals.
//   dotnet run --project samples/EmailCampaign                         (reads ../shared/data/hillstrom/hillstrom.csv)
//   dotnet run --project samples/EmailCampaign -- path/to/hillstrom.csv
using System.Globalization;
using Crm.Campaigns;
using Crm.Samples;

var path = args.Length > 0 ? args[0] : HillstromExperiment.DefaultPath();
Console.WriteLine($"Hillstrom e-mail experiment from {path}");
var rows = HillstromExperiment.Load(path);
var report = await HillstromExperiment.RunAsync(rows, new Progress<string>(m => Console.WriteLine("  " + m)));

// A figure is null when its arm is smaller than CrmOptions.MinimumGroupSize (not in this 64,000-customer experiment).
static string Pct(double? x) => x is { } v ? (v * 100).ToString("0.000", CultureInfo.InvariantCulture) + "%" : "suppressed";
static string N(double? x) => x is { } v ? v.ToString("0.0000", CultureInfo.InvariantCulture) : "suppressed";
static string Ci(Estimate? e, Func<double?, string> f) => e is null ? "suppressed" : $"{f(e.Value)} [{f(e.Lower)}, {f(e.Upper)}]";

Console.WriteLine();
var arms = new ConsoleTable("arm", "customers", "converters", "conversion", "revenue", "per customer");
foreach (var a in report.Arms)
{
    arms.Add(a.Arm, a.Customers.ToString("N0", CultureInfo.InvariantCulture), a.Converters?.ToString("N0", CultureInfo.InvariantCulture) ?? "suppressed", Pct(a.ConversionRate), a.Revenue?.ToString() ?? "suppressed", N((double?)a.RevenuePerCustomer));
}

arms.Print();
Console.WriteLine();
var uplift = new ConsoleTable("arm vs " + report.Comparisons[0].Holdout, "conversion uplift (95% CI)", "relative", "spend/customer uplift (95% CI)", "incremental revenue (95% CI)", "MDE conv.");
foreach (var c in report.Comparisons)
{
    uplift.Add(c.Arm, Ci(c.ConversionUplift, Pct), Ci(c.RelativeConversionUplift, Pct), Ci(c.RevenuePerCustomerUplift, N), Ci(c.IncrementalRevenue, x => x?.ToString("N0", CultureInfo.InvariantCulture) ?? "suppressed"), Pct(c.ConversionMde));
}

uplift.Print();
Console.WriteLine();
Console.WriteLine(report.Verdict);
