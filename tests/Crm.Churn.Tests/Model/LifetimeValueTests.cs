namespace Crm.Churn.Tests.Model;

/// <summary>Issue 28: lifetimes' customer_lifetime_value on BG/NBD with Gamma-Gamma, checked against the formula written out.</summary>
public sealed class LifetimeValueTests
{
    // The CDNOW reference fits (tests/data/cdnow/README.md), in weeks.
    private const double R = 0.242593, Alpha = 4.413532, A = 0.792886, B = 2.425752;
    private const double P = 6.2488, Q = 3.7446, V = 15.4477;

    private static readonly BgNbdModel Purchases = new(R, Alpha, A, B);
    private static readonly GammaGammaModel Spend = new(P, Q, V);

    /// <summary>The whole formula by hand: Gamma-Gamma's E[Z] = p(v + x·m̄)/(p·x + q − 1), and Σ_k ΔE[Y] / (1 + d)^k.</summary>
    private static double Reference(int x, double tx, double age, double m, int months, double rate, double unitsPerMonth)
    {
        var value = P * (V + (x * m)) / ((P * x) + Q - 1);
        double sum = 0;
        for (var k = 1; k <= months; k++)
        {
            var now = BgNbdReference.ExpectedPurchases(R, Alpha, A, B, x, tx, age, k * unitsPerMonth);
            var before = BgNbdReference.ExpectedPurchases(R, Alpha, A, B, x, tx, age, (k - 1) * unitsPerMonth);
            sum += value * (now - before) / Math.Pow(1 + rate, k);
        }

        return sum;
    }

    [Theory]
    [InlineData(2, 30.43, 38.86, 22.35)]
    [InlineData(1, 1.71, 38.86, 11.77)]
    [InlineData(0, 0, 38.86, 0)]
    [InlineData(14, 38.5, 39.0, 51.2)]
    [InlineData(3, 5.0, 33.0, 40.0)]
    public void LifetimeValue_Weeks_EqualsTheFormulaWrittenOut(int x, double tx, double age, double m)
    {
        var options = new LifetimeValueOptions { UnitsPerMonth = LifetimeValueOptions.WeeksPerMonth };

        var value = Spend.LifetimeValue(Purchases, new CustomerSummary(x, tx, age), m, options);

        value.Should().BeApproximately(Reference(x, tx, age, m, 12, 0.01, 4.345), 1e-9 * value);
    }

    [Fact]
    public void LifetimeValue_NoDiscount_IsExpectedPurchasesOverTheHorizonTimesExpectedValue()
    {
        var history = new CustomerSummary(2, 30.43, 38.86);
        var options = new LifetimeValueOptions { Months = 6, MonthlyDiscountRate = 0, UnitsPerMonth = 4 };

        var value = Spend.LifetimeValue(Purchases, history, 22.35, options);

        // Hand: E[Z] = 6.2488 (15.4477 + 2·22.35) / (2·6.2488 + 2.7446) = 375.8515... / 15.2422 = 24.6586, times E[Y(24)].
        var expectedValue = 6.2488 * (15.4477 + (2 * 22.35)) / ((2 * 6.2488) + 2.7446);
        expectedValue.Should().BeApproximately(24.6586, 1e-4);
        value.Should().BeApproximately(expectedValue * BgNbdReference.ExpectedPurchases(R, Alpha, A, B, 2, 30.43, 38.86, 24), 1e-9);
    }

    [Fact]
    public void LifetimeValue_HigherDiscountRate_IsLower()
    {
        var history = new CustomerSummary(2, 30.43, 38.86);

        var low = Spend.LifetimeValue(Purchases, history, 22.35, new LifetimeValueOptions { MonthlyDiscountRate = 0.0 });
        var high = Spend.LifetimeValue(Purchases, history, 22.35, new LifetimeValueOptions { MonthlyDiscountRate = 0.05 });

        high.Should().BeLessThan(low);
    }

    [Fact]
    public void RankLifetimeValues_Cdnow_RanksByValueWithTheSameValuesAsOneByOne()
    {
        var customers = Cdnow.Summary.Zip(Cdnow.Spend).Take(300).Select((pair, i) => new CustomerPurchaseSummary
        {
            CustomerId = new CustomerId($"c{i:D4}"),
            Frequency = pair.First.Frequency,
            Recency = pair.First.Recency,
            Age = pair.First.Age,
            AverageRepeatValue = pair.Second.AverageValue,
        }).ToList();
        var options = new LifetimeValueOptions { UnitsPerMonth = LifetimeValueOptions.WeeksPerMonth };

        var ranked = Spend.RankLifetimeValues(Purchases, customers, options);

        ranked.Should().HaveCount(300);
        ranked.Select(r => r.Rank).Should().Equal(Enumerable.Range(1, 300));
        ranked.Select(r => r.LifetimeValue).Should().BeInDescendingOrder();
        var byId = customers.ToDictionary(c => c.CustomerId);
        foreach (var row in ranked.Take(20))
        {
            var c = byId[row.CustomerId];
            row.LifetimeValue.Should().BeApproximately(Spend.LifetimeValue(Purchases, c.History, c.AverageRepeatValue, options), 1e-12);
            row.ExpectedAverageValue.Should().Be(Spend.ExpectedAverageValue(c.Spend));
            row.ExpectedPurchases.Should().BeApproximately(Purchases.ExpectedPurchases(c.History, 12 * 4.345), 1e-12);
            row.ProbabilityAlive.Should().Be(Purchases.ProbabilityAlive(c.History));
        }
    }

    [Fact]
    public void LifetimeValue_LifetimesDocsExample_MatchesPublishedValues()
    {
        // lifetimes' documentation runs customer_lifetime_value(bgf, ..., time=12, discount_rate=0.01) with the default
        // freq='D' (30 units a month) on the CDNOW summary in weeks; printed for customers 1 and 2.
        var one = Spend.LifetimeValue(Purchases, new CustomerSummary(2, 30.43, 38.86), 22.35);
        var two = Spend.LifetimeValue(Purchases, new CustomerSummary(1, 1.71, 38.86), 11.77);

        one.Should().BeApproximately(140.096, 0.01);
        two.Should().BeApproximately(18.943, 0.01);
    }

    [Fact]
    public void LifetimeValue_BadOptions_ThrowArgumentOutOfRange()
    {
        var history = new CustomerSummary(1, 1, 2);

        FluentActions.Invoking(() => Spend.LifetimeValue(Purchases, history, 10, new LifetimeValueOptions { Months = 0 })).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => Spend.LifetimeValue(Purchases, history, 10, new LifetimeValueOptions { MonthlyDiscountRate = -0.1 })).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => Spend.LifetimeValue(Purchases, history, 10, new LifetimeValueOptions { UnitsPerMonth = double.NaN })).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void LifetimeValue_ImpossibleHistory_ThrowsHistoryInvalid()
    {
        var act = () => Spend.LifetimeValue(Purchases, new CustomerSummary(1, 5, 2), 10);

        act.Should().Throw<CrmValidationException>().Where(e => e.ErrorCode == ChurnErrorCodes.HistoryInvalid);
    }

    [Fact]
    public void RankLifetimeValues_NegativeAverageValue_ThrowsSpendInvalidNamingTheCustomer()
    {
        var customers = new[]
        {
            new CustomerPurchaseSummary { CustomerId = new CustomerId("a"), Frequency = 1, Recency = 1, Age = 2, AverageRepeatValue = 5 },
            new CustomerPurchaseSummary { CustomerId = new CustomerId("b"), Frequency = 1, Recency = 1, Age = 2, AverageRepeatValue = -5 },
        };

        var act = () => Spend.RankLifetimeValues(Purchases, customers);

        act.Should().Throw<CrmValidationException>().Where(e => e.ErrorCode == ChurnErrorCodes.SpendInvalid && e.Field == "customers[1]");
    }
}
