namespace Crm.Churn.Tests.Model;

public sealed class ModifiedBgNbdModelTests
{
    private static readonly Lazy<ModelFitResult<ModifiedBgNbdModel>> CdnowFit = new(() => ModifiedBgNbdModel.TryFit(Cdnow.Summary));

    [Fact]
    public void Fit_Cdnow_ReproducesBtydPlusEstimatesToPublishedPrecision()
    {
        var result = CdnowFit.Value;

        result.Converged.Should().BeTrue(result.Message);
        var model = result.Model!;

        // BTYDplus (Platzer) on the CDNOW summary, the reference lifetimes tests against: r 0.525, α 6.183, a 0.891, b 1.614.
        model.CustomerCount.Should().Be(2357);
        model.R.Should().BeApproximately(0.525, 0.0005);
        model.Alpha.Should().BeApproximately(6.183, 0.0005);
        model.A.Should().BeApproximately(0.891, 0.0005);
        model.B.Should().BeApproximately(1.614, 0.0005);
        model.LogLikelihood.Should().BeGreaterThanOrEqualTo(new ModifiedBgNbdModel(0.525, 6.183, 0.891, 1.614).LogLikelihoodOf(Cdnow.Summary));
        model.StandardErrors.Should().HaveCount(4).And.OnlyContain(e => double.IsFinite(e) && e > 0);
    }

    [Fact]
    public void Predictions_Cdnow_MatchTheValuesLifetimesChecksAgainst()
    {
        var model = CdnowFit.Value.Model!;

        // lifetimes' tests of its Modified BG/NBD against Hardie's spreadsheet: E[Y(39) | 2, 30.43, 38.86] ≈ 1.226 (to 0.05),
        // and E[X(t)] of a new customer within 5% at these t.
        model.ExpectedPurchases(new CustomerSummary(2, 30.43, 38.86), 39).Should().BeApproximately(1.226, 0.05);
        double[] times = [0.1429, 1.0, 3.00, 31.8571, 32.00, 78.00];
        double[] expected = [0.0078, 0.0532, 0.1506, 1.0405, 1.0437, 1.8576];
        for (var i = 0; i < times.Length; i++)
        {
            model.ExpectedPurchasesOfNewCustomer(times[i]).Should().BeApproximately(expected[i], 0.05 * expected[i], "t = {0}", times[i]);
        }

        // The model's point: a customer with no repeat purchase may have left (BG/NBD says 1).
        model.ProbabilityAlive(new CustomerSummary(0, 0, 1)).Should().BeLessThan(1);
        new BgNbdModel(0.243, 4.414, 0.793, 2.426).ProbabilityAlive(new CustomerSummary(0, 0, 1)).Should().Be(1);
    }

    [Theory]
    [InlineData(0.525, 6.183, 0.891, 1.614)]
    [InlineData(0.243, 4.414, 0.793, 2.426)]
    [InlineData(2.0, 1.0, 3.5, 0.4)]
    [InlineData(0.8, 20.0, 1.7, 9.0)]
    public void LogLikelihoodAndPredictions_AgreeWithThePlainFormulas(double r, double alpha, double a, double b)
    {
        var model = new ModifiedBgNbdModel(r, alpha, a, b);
        CustomerSummary[] customers = [new(0, 0, 38.86), new(1, 2.0, 38.86), new(5, 30.5, 39.0), new(12, 31.0, 31.0), new(2, 10.0, 70.0)];

        foreach (var c in customers)
        {
            var ll = ReferenceLogLikelihood(r, alpha, a, b, c);
            model.LogLikelihoodOf([c]).Should().BeApproximately(ll, 1e-9 * Math.Max(1, Math.Abs(ll)), "customer {0}", c);

            var alive = ReferenceAlive(r, alpha, a, b, c);
            model.ProbabilityAlive(c).Should().BeApproximately(alive, 1e-12, "customer {0}", c);
            foreach (var t in new[] { 0.5, 39.0, 150.0 })
            {
                var expected = ReferenceExpected(r, alpha, a, b, c, t);
                model.ExpectedPurchases(c, t).Should().BeApproximately(expected, 1e-9 * Math.Max(1, expected), "customer {0}, t = {1}", c, t);
            }
        }

        model.ExpectedPurchasesOfNewCustomer(39).Should().BeApproximately(ReferenceExpected(r, alpha, a, b, new CustomerSummary(0, 0, 0), 39), 1e-9);
        model.ExpectedPurchases(new CustomerSummary(3, 10, 39), 0).Should().Be(0);
    }

    [Theory]
    [InlineData(0.525, 6.183, 1.614)]
    [InlineData(2.0, 1.0, 0.4)]
    public void ExpectedPurchases_AtAEqualToOne_IsTheLimitOfItsNeighbours(double r, double alpha, double b)
    {
        // The formula divides by a − 1; at a = 1 it is the limit, which the neighbours a = 1 ± 10⁻⁴ bracket to O(10⁻⁸).
        var at = new ModifiedBgNbdModel(r, alpha, 1.0, b);
        var below = new ModifiedBgNbdModel(r, alpha, 1 - 1e-4, b);
        var above = new ModifiedBgNbdModel(r, alpha, 1 + 1e-4, b);
        foreach (var c in new CustomerSummary[] { new(0, 0, 0), new(2, 30.43, 38.86), new(7, 35, 39) })
        {
            var mid = (below.ExpectedPurchases(c, 39) + above.ExpectedPurchases(c, 39)) / 2;
            at.ExpectedPurchases(c, 39).Should().BeApproximately(mid, 1e-6 * Math.Max(1, mid), "customer {0}", c);
            double.IsFinite(at.ExpectedPurchases(c, 39)).Should().BeTrue();
        }
    }

    [Fact]
    public void ProbabilityAliveAndExpectedPurchases_BehaveAsProbabilitiesAndCounts()
    {
        var model = new ModifiedBgNbdModel(0.525, 6.183, 0.891, 1.614);
        for (var x = 0; x < 30; x += 3)
        {
            for (var age = 1.0; age <= 78; age += 7)
            {
                for (var tx = x == 0 ? 0 : 0.5; tx <= age; tx += x == 0 ? age + 1 : 5)
                {
                    var c = new CustomerSummary(x, tx, age);
                    model.ProbabilityAlive(c).Should().BeInRange(0, 1, "customer {0}", c);
                    var previous = 0.0;
                    foreach (var t in new[] { 1.0, 10, 52, 104 })
                    {
                        var expected = model.ExpectedPurchases(c, t);
                        expected.Should().BeGreaterThanOrEqualTo(previous, "more time, at least as many purchases: customer {0}, t = {1}", c, t);
                        previous = expected;
                    }
                }
            }
        }
    }

    [Fact]
    public void TryFit_DataThatCannotSupportIt_FailsWithItsReason()
    {
        ModifiedBgNbdModel.TryFit([]).Failure.Should().Be(ModelFitFailure.TooFewCustomers);
        ModifiedBgNbdModel.TryFit([.. Enumerable.Repeat(new CustomerSummary(0, 0, 30), 500)]).Failure.Should().Be(ModelFitFailure.NoRepeatPurchases);
        ModifiedBgNbdModel.TryFit([new(1, 2, 30), new(2, 5, 30), new(1, 2, 30)]).Failure.Should().Be(ModelFitFailure.TooFewCustomers);
        var thrown = FluentActions.Invoking(() => ModifiedBgNbdModel.Fit([.. Enumerable.Repeat(new CustomerSummary(0, 0, 30), 5)])).Should().Throw<CrmModelFitException>().Which;
        thrown.Failure.Should().Be(ModelFitFailure.NoRepeatPurchases);
        FluentActions.Invoking(() => ModifiedBgNbdModel.TryFit([new(2, 40, 30)])).Should().Throw<CrmValidationException>().Which.Field.Should().Be("customers[0]");
    }

    /// <summary>B(a, b + x + 1)/B(a, b) · Γ(r + x)αʳ/(Γ(r)(α + T)^(r+x)) · [1 + a/(b + x) ((α + T)/(α + t_x))^(r+x)], with the Beta and Gamma ratios as products.</summary>
    private static double ReferenceLogLikelihood(double r, double alpha, double a, double b, CustomerSummary c)
    {
        var x = c.Frequency;
        var log = (r * Math.Log(alpha)) - ((r + x) * Math.Log(alpha + c.Age));
        for (var j = 0; j < x; j++)
        {
            log += Math.Log(r + j);
        }

        for (var j = 0; j <= x; j++)
        {
            log += Math.Log((b + j) / (a + b + j));
        }

        return log + Math.Log(1 + (a / (b + x) * Math.Pow((alpha + c.Age) / (alpha + c.Recency), r + x)));
    }

    private static double ReferenceAlive(double r, double alpha, double a, double b, CustomerSummary c) =>
        1 / (1 + (a / (b + c.Frequency) * Math.Pow((alpha + c.Age) / (alpha + c.Recency), r + c.Frequency)));

    /// <summary>lifetimes' and BTYDplus' conditional expectation, ₂F₁ as the plain Gauss series.</summary>
    private static double ReferenceExpected(double r, double alpha, double a, double b, CustomerSummary c, double t)
    {
        var (x, age) = (c.Frequency, c.Age);
        var hyp = BgNbdReference.Hyp2F1(r + x, b + x + 1, a + b + x, t / (alpha + age + t));
        var bracket = 1 - (hyp * Math.Pow((alpha + age) / (alpha + age + t), r + x));
        return (a + b + x) / (a - 1) * bracket * ReferenceAlive(r, alpha, a, b, c);
    }
}
