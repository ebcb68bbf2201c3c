namespace Crm.Churn.Tests.Model;

/// <summary>
/// P(X(t) = n) and E[X(t)] of a new customer (Fader, Hardie and Lee 2005, eqs. 8 and 9), checked on the CDNOW parameters
/// against an integration over the purchase rate written out in the test and against the plain-series eq. 10 with
/// x = 0, T = 0. No published figure for these two quantities is quoted here: we know none with certainty.
/// </summary>
public sealed class BgNbdNewCustomerTests
{
    // The CDNOW estimates (weeks) the issue names.
    private static readonly BgNbdModel Model = new(0.2426, 4.4136, 0.7930, 2.4259);

    [Theory]
    [InlineData(39.0)]
    [InlineData(78.0)]
    public void ProbabilityOfPurchases_SumsToOneAndHasMeanExpectedPurchases(double t)
    {
        double total = 0, mean = 0;
        for (var n = 0; n <= 3000; n++)
        {
            var p = Model.ProbabilityOfPurchases(n, t);
            p.Should().BeInRange(0, 1);
            total += p;
            mean += n * p;
        }

        total.Should().BeApproximately(1.0, 1e-10);
        mean.Should().BeApproximately(Model.ExpectedPurchasesOfNewCustomer(t), 1e-9);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(39.0)]
    [InlineData(78.0)]
    public void ProbabilityOfPurchases_Cdnow_AgreesWithIntegrationOverThePurchaseRate(double t)
    {
        var reference = IntegratedProbabilities(0.2426, 4.4136, 0.7930, 2.4259, t, 25);
        for (var n = 0; n <= 25; n++)
        {
            Model.ProbabilityOfPurchases(n, t).Should().BeApproximately(reference[n], 1e-9 + (1e-7 * reference[n]), "n = {0}", n);
        }
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(39.0)]
    [InlineData(78.0)]
    [InlineData(520.0)]
    public void ExpectedPurchasesOfNewCustomer_Cdnow_AgreesWithPlainSeries(double t)
    {
        var reference = BgNbdReference.ExpectedPurchases(0.2426, 4.4136, 0.7930, 2.4259, 0, 0, 0, t);

        Model.ExpectedPurchasesOfNewCustomer(t).Should().BeApproximately(reference, 1e-10 * Math.Max(1, reference));
    }

    [Fact]
    public void ExpectedPurchasesOfNewCustomer_IsEq10ForACustomerJustAcquired()
    {
        Model.ExpectedPurchasesOfNewCustomer(39).Should().Be(Model.ExpectedPurchases(new CustomerSummary(0, 0, 0), 39));
    }

    [Fact]
    public void ExpectedPurchasesOfNewCustomer_GrowsFromZero()
    {
        Model.ExpectedPurchasesOfNewCustomer(0).Should().Be(0);
        var previous = 0.0;
        foreach (var t in new[] { 1.0, 10, 39, 78, 520 })
        {
            var e = Model.ExpectedPurchasesOfNewCustomer(t);
            e.Should().BeGreaterThan(previous);
            previous = e;
        }

        // Never more than an immortal customer's r t / α.
        Model.ExpectedPurchasesOfNewCustomer(78).Should().BeLessThan(0.2426 * 78 / 4.4136);
    }

    [Fact]
    public void ProbabilityOfPurchases_ZeroPeriod_IsCertainlyNone()
    {
        Model.ProbabilityOfPurchases(0, 0).Should().Be(1);
        Model.ProbabilityOfPurchases(3, 0).Should().Be(0);
    }

    [Fact]
    public void ProbabilityOfPurchases_LongPeriodFarTail_DoesNotCancel()
    {
        // Past the median the tail 1 − Σ NB(j) is summed from n up, so far-out probabilities stay positive and small.
        var p = Model.ProbabilityOfPurchases(400, 39);
        p.Should().BeGreaterThan(0).And.BeLessThan(1e-15);
        var model = new BgNbdModel(5, 1, 0.5, 5);
        var far = model.ProbabilityOfPurchases(2000, 100);
        double.IsFinite(far).Should().BeTrue();
        far.Should().BeGreaterThan(0);
    }

    [Fact]
    public void NewCustomerPredictions_RefuseBadArguments()
    {
        FluentActions.Invoking(() => Model.ProbabilityOfPurchases(-1, 39)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("purchases");
        FluentActions.Invoking(() => Model.ProbabilityOfPurchases(1, -1)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => Model.ProbabilityOfPurchases(1, double.NaN)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => Model.ExpectedPurchasesOfNewCustomer(double.PositiveInfinity)).Should().Throw<ArgumentOutOfRangeException>();
    }

    /// <summary>
    /// P(X(t) = n) from the model's story: given λ and p, P(n | λ, p) = (1 − p)^n Poisson(n; λt) + δ(n &gt; 0) p (1 − p)^(n−1)
    /// P(Poisson(λt) ≥ n). The Beta moments of p are products; λ ~ Gamma(r, α) is integrated by Simpson's rule over
    /// w = λ^r, where the density becomes the smooth ∝ e^(−αλ), normalised by the same rule (no Gamma function needed).
    /// </summary>
    private static double[] IntegratedProbabilities(double r, double alpha, double a, double b, double t, int max)
    {
        // E[(1 − p)^n] = Π_{k<n} (b + k)/(a + b + k); E[p (1 − p)^(n−1)] = a/(a + b + n − 1) · E[(1 − p)^(n−1)].
        var survive = new double[max + 1];
        survive[0] = 1;
        for (var n = 1; n <= max; n++)
        {
            survive[n] = survive[n - 1] * (b + n - 1) / (a + b + n - 1);
        }

        const int Intervals = 40_000;
        var wMax = Math.Pow(80 / alpha, r);
        var h = wMax / Intervals;
        var sums = new double[max + 1];
        double norm = 0;
        var poisson = new double[max + 1];
        for (var i = 0; i <= Intervals; i++)
        {
            var weight = (i == 0 || i == Intervals ? 1 : (i % 2 == 1 ? 4 : 2)) * h / 3;
            var lambda = Math.Pow(i * h, 1 / r);
            var density = Math.Exp(-alpha * lambda);
            norm += weight * density;
            var mu = lambda * t;
            poisson[0] = Math.Exp(-mu);
            for (var j = 1; j <= max; j++)
            {
                poisson[j] = poisson[j - 1] * mu / j;
            }

            var below = 0.0;
            for (var n = 0; n <= max; n++)
            {
                var pn = survive[n] * poisson[n];
                if (n > 0)
                {
                    // P(Poisson ≥ n) = 1 − Σ_{j<n}; exact enough here since the weight of large μ is tiny.
                    pn += a / (a + b + n - 1) * survive[n - 1] * Math.Max(0, 1 - below);
                }

                below += poisson[n];
                sums[n] += weight * density * pn;
            }
        }

        for (var n = 0; n <= max; n++)
        {
            sums[n] /= norm;
        }

        return sums;
    }
}
