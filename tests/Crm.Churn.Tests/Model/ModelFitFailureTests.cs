using Crm.Churn.Internal;
using NodaTime;
using NodaTime.Testing;

namespace Crm.Churn.Tests.Model;

/// <summary>Issue 28: fits that admit failure. Every test asserts the reason, never a duration.</summary>
public sealed class ModelFitFailureTests
{
    [Fact]
    public void TryFit_NobodyRepeats_FailsWithNoRepeatPurchasesBeforeOptimising()
    {
        var customers = Enumerable.Range(0, 1000).Select(i => new CustomerSummary(0, 0, 10 + (i % 50))).ToArray();

        var result = BgNbdModel.TryFit(customers);

        result.Converged.Should().BeFalse();
        result.Model.Should().BeNull();
        result.Failure.Should().Be(ModelFitFailure.NoRepeatPurchases);
        result.Message.Should().Contain("None of the 1,000 customers has a repeat purchase");
        result.Diagnostics.Iterations.Should().Be(0);
        result.Diagnostics.CustomerCount.Should().Be(1000);
    }

    [Fact]
    public void Fit_NobodyRepeats_ThrowsTypedExceptionWithStableCode()
    {
        var act = () => BgNbdModel.Fit(new[] { new CustomerSummary(0, 0, 10), new CustomerSummary(0, 0, 20) });

        var thrown = act.Should().Throw<CrmModelFitException>().Which;
        thrown.Failure.Should().Be(ModelFitFailure.NoRepeatPurchases);
        thrown.ErrorCode.Should().Be(ChurnErrorCodes.FitNoRepeatPurchases);
        thrown.Diagnostics.CustomerCount.Should().Be(2);
    }

    [Fact]
    public void TryFit_OneCustomer_FailsWithTooFewCustomers()
    {
        var result = BgNbdModel.TryFit(new[] { new CustomerSummary(3, 20, 30) });

        result.Failure.Should().Be(ModelFitFailure.TooFewCustomers);
        result.Message.Should().Contain("at least 4 distinct histories");
    }

    [Fact]
    public void TryFit_NoCustomers_FailsWithTooFewCustomers()
    {
        BgNbdModel.TryFit([]).Failure.Should().Be(ModelFitFailure.TooFewCustomers);
        var act = () => BgNbdModel.Fit([]);
        act.Should().Throw<CrmModelFitException>().Which.ErrorCode.Should().Be(ChurnErrorCodes.FitTooFewCustomers);
    }

    [Fact]
    public void TryFit_EveryLastPurchaseAtEndOfObservation_FailsWithNoDropOut()
    {
        // t_x = T for every repeat buyer: nothing can have dropped out.
        var customers = Enumerable.Range(0, 500).Select(i => i % 5 == 0 ? new CustomerSummary(0, 0, 40) : new CustomerSummary(1 + (i % 7), 20 + (i % 30), 20 + (i % 30))).ToArray();

        var result = BgNbdModel.TryFit(customers);

        result.Failure.Should().Be(ModelFitFailure.NoDropOut);
        result.Message.Should().Contain("t_x = T");
        result.Diagnostics.Starts.Should().Be(0);
    }

    [Fact]
    public void TryFit_FiftyThousandSteadyBuyers_FailsWithNoDropOutBeforeOptimising()
    {
        // Each customer buys every g days (3 to 30, ±30%) from the first purchase to the end of observation: no one stops.
        // The full fit used to walk to the boundary for 20-30 s; the no-drop-out check refuses it without starting BFGS.
        var customers = SteadyBuyers(50_000, seed: 1);

        var result = BgNbdModel.TryFit(customers);

        result.Failure.Should().Be(ModelFitFailure.NoDropOut);
        result.Message.Should().Contain("does not increase towards any drop-out");
        result.Diagnostics.Starts.Should().Be(0, "the BG/NBD optimiser never ran");
        result.Diagnostics.CustomerCount.Should().Be(50_000);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void TryFit_PoissonBuyersWithoutDropOut_FailsWithNoDropOut(int seed)
    {
        // Drawn from BG/NBD with a mean drop-out of 1e-6 per purchase: by chance the first-order check can see a little
        // drop-out, and the fit then stops where a / (a + b) passes 1e-5 instead of crawling to the edge.
        var customers = BgNbdSimulation.Generate(new BgNbdModel(2, 20, 1e-4, 100), 50_000, 30, 365, seed, wholeUnits: true);

        var result = BgNbdModel.TryFit(customers);

        result.Failure.Should().Be(ModelFitFailure.NoDropOut);
        result.Model.Should().BeNull();
    }

    [Fact]
    public void TryFit_Cdnow_ConvergesWithDiagnostics()
    {
        var result = BgNbdModel.TryFit(Cdnow.Summary);

        result.Converged.Should().BeTrue();
        result.Failure.Should().Be(ModelFitFailure.None);
        var model = result.Model!;
        model.R.Should().BeApproximately(0.242593, 1e-4);
        var d = result.Diagnostics;
        d.Parameters.Should().Equal(model.R, model.Alpha, model.A, model.B);
        d.StandardErrors.Should().Equal(model.RStandardError, model.AlphaStandardError, model.AStandardError, model.BStandardError);
        d.LogLikelihood.Should().Be(model.LogLikelihood);
        d.GradientNorm.Should().BeLessThan(1e-6);
        d.Iterations.Should().BeInRange(1, 200);
        d.Starts.Should().Be(1);
        d.HessianConditionNumber.Should().BeInRange(1, 1e6);
        result.Message.Should().StartWith("Converged in");
        result.GetModelOrThrow().Should().BeSameAs(model);
    }

    [Fact]
    public void TryFit_IterationLimit_FailsWithIterationLimitReached()
    {
        var result = BgNbdModel.TryFit(Cdnow.Summary, new ModelFitOptions { MaxIterations = 3 });

        result.Failure.Should().Be(ModelFitFailure.IterationLimitReached);
        result.Diagnostics.Iterations.Should().Be(3);
        var act = () => result.GetModelOrThrow();
        act.Should().Throw<CrmModelFitException>().Which.ErrorCode.Should().Be(ChurnErrorCodes.FitIterationLimit);
    }

    [Fact]
    public void TryFit_TimeLimitOnFakeClock_FailsWithTimeLimitReached()
    {
        // Every reading of the clock moves it one second on: the 10-second limit runs out after about ten iterations,
        // whatever the machine's speed.
        var clock = new FakeClock(Instant.FromUtc(2026, 1, 1, 0, 0), Duration.FromSeconds(1));

        var result = BgNbdModel.TryFit(Cdnow.Summary, new ModelFitOptions { Clock = clock, TimeLimit = Duration.FromSeconds(10) });

        result.Failure.Should().Be(ModelFitFailure.TimeLimitReached);
        result.Diagnostics.Iterations.Should().BeInRange(1, 12);
        result.Diagnostics.Elapsed.Should().BeGreaterThan(Duration.FromSeconds(10));
        var act = () => BgNbdModel.Fit(Cdnow.Summary, new ModelFitOptions { Clock = new FakeClock(Instant.FromUtc(2026, 1, 1, 0, 0), Duration.FromSeconds(1)), TimeLimit = Duration.FromSeconds(10) });
        act.Should().Throw<CrmModelFitException>().Which.ErrorCode.Should().Be(ChurnErrorCodes.FitTimeLimit);
    }

    [Fact]
    public void TryFit_ClockThatStandsStill_IsNotTimeLimited()
    {
        var result = BgNbdModel.TryFit(Cdnow.Summary, new ModelFitOptions { Clock = new FakeClock(Instant.FromUtc(2026, 1, 1, 0, 0)), TimeLimit = Duration.FromTicks(1) });

        result.Converged.Should().BeTrue();
    }

    [Fact]
    public void TryFit_LimitsNotPositive_Throw()
    {
        var iterations = () => BgNbdModel.TryFit(Cdnow.Summary, new ModelFitOptions { MaxIterations = 0 });
        var time = () => GammaGammaModel.TryFit(Cdnow.Spend, new ModelFitOptions { TimeLimit = Duration.Zero });

        iterations.Should().Throw<ArgumentOutOfRangeException>();
        time.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void GammaGammaTryFit_IdenticalSpends_FailsWithNoSpendVariationBeforeOptimising()
    {
        var customers = Enumerable.Range(0, 1000).Select(i => new SpendSummary(1 + (i % 5), 25)).ToArray();

        var result = GammaGammaModel.TryFit(customers);

        result.Failure.Should().Be(ModelFitFailure.NoSpendVariation);
        result.Diagnostics.Iterations.Should().Be(0);
        var act = () => GammaGammaModel.Fit(customers);
        act.Should().Throw<CrmModelFitException>().Which.ErrorCode.Should().Be(ChurnErrorCodes.FitNoSpendVariation);
    }

    [Fact]
    public void GammaGammaTryFit_NearlyIdenticalSpends_StopsAtTheBoundary()
    {
        var customers = Enumerable.Range(0, 1000).Select(i => new SpendSummary(1 + (i % 5), 25 + ((i % 3) * 1e-6))).ToArray();

        var result = GammaGammaModel.TryFit(customers);

        result.Failure.Should().Be(ModelFitFailure.BoundaryReached);
        result.Diagnostics.Parameters.Should().HaveCount(3);
    }

    [Fact]
    public void GammaGammaTryFit_TwoRepeatBuyers_FailsWithTooFewCustomers()
    {
        var result = GammaGammaModel.TryFit(new[] { new SpendSummary(2, 10), new SpendSummary(1, 30), new SpendSummary(0, 50) });

        result.Failure.Should().Be(ModelFitFailure.TooFewCustomers);
        result.Diagnostics.CustomerCount.Should().Be(2);
    }

    [Fact]
    public void GammaGammaTryFit_Cdnow_ConvergesWithDiagnostics()
    {
        var result = GammaGammaModel.TryFit(Cdnow.Spend);

        result.Converged.Should().BeTrue();
        result.Model!.P.Should().BeApproximately(6.2488, 2e-3);
        result.Diagnostics.StandardErrors.Should().HaveCount(3).And.OnlyContain(e => double.IsFinite(e) && e > 0);
        double.IsFinite(result.Diagnostics.HessianConditionNumber).Should().BeTrue();
    }

    [Fact]
    public void CrmModelFitException_NoneIsNotAFailure_Throws()
    {
        var act = () => new CrmModelFitException(ModelFitFailure.None, "converged", new ModelFitDiagnostics());

        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void SymmetricEigenvalues_KnownMatrix_AreItsEigenvalues()
    {
        // [[2, 1], [1, 2]] has eigenvalues 1 and 3; the diagonal block adds 5.
        var values = Bfgs.SymmetricEigenvalues(new double[,] { { 2, 1, 0 }, { 1, 2, 0 }, { 0, 0, 5 } }).Order().ToArray();

        values.Should().Equal([1, 3, 5], (a, b) => Math.Abs(a - b) < 1e-12);
    }

    internal static CustomerSummary[] SteadyBuyers(int count, int seed)
    {
        var random = new Random(seed);
        var customers = new CustomerSummary[count];
        for (var i = 0; i < count; i++)
        {
            var age = 30 + Math.Floor(random.NextDouble() * 335);
            var gap = 3 + (random.NextDouble() * 27);
            var (t, x) = (0.0, 0);
            while (t + gap <= age)
            {
                t += gap * (0.7 + (0.6 * random.NextDouble()));
                if (t > age)
                {
                    break;
                }

                x++;
            }

            var last = x == 0 ? 0 : Math.Min(age, Math.Floor(t));
            customers[i] = new CustomerSummary(x, last, age);
        }

        return customers;
    }
}
