using System.Globalization;
using Crm.TestUtils;
using NodaTime;

namespace Crm.Churn.Tests.Model;

/// <summary>Loads the CDNOW summaries shipped under tests/data/cdnow (times in weeks).</summary>
internal static class Cdnow
{
    private static readonly Lazy<CustomerSummary[]> LazySummary = new(() => Load("cdnow_customers_summary.csv")
        .Select(f => new CustomerSummary(int.Parse(f[1], CultureInfo.InvariantCulture), Parse(f[2]), Parse(f[3])))
        .ToArray());

    private static readonly Lazy<SpendSummary[]> LazySpend = new(() => Load("cdnow_customers_summary_with_transactions.csv")
        .Select(f => new SpendSummary(int.Parse(f[1], CultureInfo.InvariantCulture), Parse(f[4])))
        .ToArray());

    private static readonly Lazy<PurchaseTransaction[]> LazySample = new(() => File.ReadLines(TestData.Path("cdnow", "CDNOW_sample.txt"))
        .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        .Where(f => f.Length == 5)
        .Select(f => new PurchaseTransaction(
            new CustomerId(int.Parse(f[1], CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)),
            new LocalDate(int.Parse(f[2][..4], CultureInfo.InvariantCulture), int.Parse(f[2][4..6], CultureInfo.InvariantCulture), int.Parse(f[2][6..], CultureInfo.InvariantCulture)).AtMidnight().InUtc().ToInstant(),
            decimal.Parse(f[4], CultureInfo.InvariantCulture)))
        .ToArray());

    /// <summary>Gets the purchases of the 1-in-10 sample (2,357 customers), at midnight UTC, with the sample id as customer id.</summary>
    public static PurchaseTransaction[] SampleTransactions => LazySample.Value;

    /// <summary>Gets the end of the 39-week calibration period, 1997-09-30 inclusive, as an exclusive instant.</summary>
    public static Instant CalibrationEnd => Instant.FromUtc(1997, 10, 1, 0, 0);

    /// <summary>Gets the end of observation, 1998-06-30 inclusive, as an exclusive instant.</summary>
    public static Instant ObservationEnd => Instant.FromUtc(1998, 7, 1, 0, 0);

    public static CustomerSummary[] Summary => LazySummary.Value;

    public static SpendSummary[] Spend => LazySpend.Value;

    private static IEnumerable<string[]> Load(string file) =>
        File.ReadLines(TestData.Path("cdnow", file)).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(','));

    private static double Parse(string s) => double.Parse(s, CultureInfo.InvariantCulture);
}
