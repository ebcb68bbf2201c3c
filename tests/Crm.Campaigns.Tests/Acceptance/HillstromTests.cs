using Crm.Samples;

namespace Crm.Campaigns.Tests.Acceptance;

/// <summary>
/// Issue 23's acceptance: the Hillstrom experiment imported as customers, arms and purchases inside the window reproduces the
/// README's per-arm rates, and each e-mail's uplift over "No E-Mail" equals an independent computation from the file to 4 decimals.
/// </summary>
public sealed class HillstromTests
{
    private static readonly Lazy<(IReadOnlyList<HillstromRow> Rows, CampaignReport Report)> Run = new(() =>
    {
        var rows = HillstromExperiment.Load(TestData.Path("hillstrom", "hillstrom.csv"));
        return (rows, HillstromExperiment.RunAsync(rows).GetAwaiter().GetResult());
    });

    [Theory]
    [InlineData("Mens E-Mail", 21_307, 1.253, 1.4226)]
    [InlineData("Womens E-Mail", 21_387, 0.884, 1.0772)]
    [InlineData("No E-Mail", 21_306, 0.573, 0.6528)]
    public void Report_EachArm_MatchesTheReadme(string arm, int customers, double conversionPercent, double spendPerCustomer)
    {
        var a = Run.Value.Report.Arms.Single(x => x.Arm == arm);

        a.Customers.Should().Be(customers);
        Math.Round(a.ConversionRate!.Value * 100, 3).Should().Be(conversionPercent);
        Math.Round(a.RevenuePerCustomer!.Value, 4).Should().Be((decimal)spendPerCustomer);
        a.DiscountCost!.Value.IsZero.Should().BeTrue();
        Run.Value.Report.WindowClosed.Should().BeTrue();
        Run.Value.Report.ExcludedNoConsent.Should().Be(0);
    }

    [Theory]
    [InlineData("Mens E-Mail")]
    [InlineData("Womens E-Mail")]
    public void Report_Uplift_EqualsIndependentComputationTo4Decimals(string arm)
    {
        var (rows, report) = Run.Value;
        var treated = rows.Where(r => r.Segment == arm).ToArray();
        var control = rows.Where(r => r.Segment == "No E-Mail").ToArray();
        var c = report.Comparisons.Single(x => x.Arm == arm);

        var (conversion, conversionLow, conversionHigh) = Independent.NewcombeHybrid(treated.Count(r => r.Converted), treated.Length, control.Count(r => r.Converted), control.Length);
        var (spend, spendLow, spendHigh) = Independent.Welch(treated.Select(r => (double)r.Spend).ToArray(), control.Select(r => (double)r.Spend).ToArray());

        c.ConversionUplift!.Value.Should().BeApproximately(conversion, 0.00005);
        c.ConversionUplift!.Lower.Should().BeApproximately(conversionLow, 0.00005);
        c.ConversionUplift!.Upper.Should().BeApproximately(conversionHigh, 0.00005);
        c.RevenuePerCustomerUplift!.Value.Should().BeApproximately(spend, 0.00005);
        c.RevenuePerCustomerUplift!.Lower.Should().BeApproximately(spendLow, 0.00005);
        c.RevenuePerCustomerUplift!.Upper.Should().BeApproximately(spendHigh, 0.00005);
        c.IncrementalRevenue!.Value.Should().BeApproximately(spend * treated.Length, 0.01);
        c.ConversionUplift!.IsSignificant.Should().BeTrue();
        c.RevenuePerCustomerUplift!.IsSignificant.Should().BeTrue();
    }

    [Fact]
    public void Report_Verdict_SaysTheMensEmailPaidInRevenue()
    {
        Run.Value.Report.Verdict.Should().Contain("'Mens E-Mail' beat the holdout: +0.77 revenue per customer, 95% CI 0.49 to 1.05.");
    }

    /// <summary>
    /// The textbook formulas written out again, apart from the package's code: Wilson (1927) score intervals combined by
    /// Newcombe (1998, method 10), and Welch's interval with the normal quantile (at ~40,000 degrees of freedom Student's
    /// 97.5% quantile is 1.96001 against 1.95996, which moves these bounds by under 1e-5).
    /// </summary>
    private static class Independent
    {
        private const double Z = 1.959963984540054;

        public static (double D, double L, double U) NewcombeHybrid(int x1, int n1, int x2, int n2)
        {
            static (double P, double L, double U) Wilson(int x, int n)
            {
                double p = (double)x / n, z2 = Z * Z;
                var root = Math.Sqrt((4 * n * p * (1 - p)) + z2);
                return (p, ((2 * n * p) + z2 - (Z * root)) / (2 * (n + z2)), ((2 * n * p) + z2 + (Z * root)) / (2 * (n + z2)));
            }

            var a = Wilson(x1, n1);
            var b = Wilson(x2, n2);
            var d = a.P - b.P;
            return (d, d - Math.Sqrt(Math.Pow(a.P - a.L, 2) + Math.Pow(b.U - b.P, 2)), d + Math.Sqrt(Math.Pow(a.U - a.P, 2) + Math.Pow(b.P - b.L, 2)));
        }

        public static (double D, double L, double U) Welch(double[] a, double[] b)
        {
            static (double Mean, double Var) Of(double[] x)
            {
                var mean = x.Average();
                return (mean, x.Sum(v => (v - mean) * (v - mean)) / (x.Length - 1));
            }

            var (ma, va) = Of(a);
            var (mb, vb) = Of(b);
            var se = Math.Sqrt((va / a.Length) + (vb / b.Length));
            var d = ma - mb;
            return (d, d - (Z * se), d + (Z * se));
        }
    }
}
