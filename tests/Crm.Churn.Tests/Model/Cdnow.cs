using System.Globalization;
using Crm.TestUtils;

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

    public static CustomerSummary[] Summary => LazySummary.Value;

    public static SpendSummary[] Spend => LazySpend.Value;

    private static IEnumerable<string[]> Load(string file) =>
        File.ReadLines(TestData.Path("cdnow", file)).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(','));

    private static double Parse(string s) => double.Parse(s, CultureInfo.InvariantCulture);
}
