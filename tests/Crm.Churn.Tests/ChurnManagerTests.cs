using NodaTime;
using Crm.TestUtils;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Crm.Churn.Tests;

public sealed class ChurnManagerTests : ChurnTestBase
{
    [Fact]
    public async Task Evaluate_ManyAtOnce_ActsExactlyOnce()
    {
        // 16 evaluations race for one customer at warning: the issuer is idempotent by key and the episode write carries
        // a version, so one action is recorded and one event raised.
        var policy = new ChurnPolicy
        {
            WinBack = new WinBackPolicy { Actions = [new WinBackAction { Level = ChurnLevel.Warning, Kind = WinBackActionKind.Coupon, CouponTemplateId = "wb", Channels = ContactChannels.Sms }] },
        };
        var (crm, churn, issuer, events) = Create(policy, Local(2026, 4, 10));
        await RegisterAsync(crm, "c1", ContactChannels.Sms);
        await BuyAsync(crm, "c1", Local(2026, 4, 1));
        await churn.RecordFeedbackAsync(new ChurnFeedback { Id = "fb-1", CustomerId = new CustomerId("c1"), ReportedAt = Local(2026, 4, 2) });

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => churn.EvaluateAsync(new CustomerId("c1")))));

        results.Count(r => r.WinBack == WinBackStatus.ActionTaken).Should().Be(1);
        results.Where(r => r.WinBack != WinBackStatus.ActionTaken).Should().OnlyContain(r => r.WinBack == WinBackStatus.Replayed);
        issuer.Issued.Should().ContainSingle();
        events.Events.OfType<WinBackEvent>().Should().ContainSingle();
        (await churn.GetWinBackReportAsync(Local(2026, 1, 1), Local(2027, 1, 1))).EpisodesActedOn.Should().Be(1);
    }

    [Fact]
    public async Task Evaluate_NoIssuer_RaisesEventForHostToIssue()
    {
        var policy = new ChurnPolicy
        {
            WinBack = new WinBackPolicy { Actions = [new WinBackAction { Level = ChurnLevel.Warning, Kind = WinBackActionKind.Coupon, CouponTemplateId = "wb", Channels = ContactChannels.Email }] },
        };
        var (crm, churn, _, events) = Create(policy, Local(2026, 4, 10), withIssuer: false);
        await RegisterAsync(crm, "c1", ContactChannels.Email);
        await BuyAsync(crm, "c1", Local(2026, 4, 1));
        await churn.RecordFeedbackAsync(new ChurnFeedback { Id = "fb-1", CustomerId = new CustomerId("c1"), ReportedAt = Local(2026, 4, 2) });

        (await churn.EvaluateAsync(new CustomerId("c1"))).WinBack.Should().Be(WinBackStatus.ActionTaken);

        var raised = events.Events.OfType<WinBackEvent>().Single();
        raised.CouponTemplateId.Should().Be("wb");
        raised.CouponId.Should().BeNull();
    }

    [Fact]
    public async Task Run_StreamsPagesWithProgress()
    {
        var (crm, _, _, _) = Create(new ChurnPolicy(), Local(2026, 4, 20));
        var services = new ServiceCollection();
        for (var i = 0; i < 7; i++)
        {
            await BuyAsync(crm, $"c{i}", Local(2026, 3, 1 + i), Local(2026, 3, 10 + i));
        }

        var churn = new ChurnManager(
            crm.Get<IChurnStore>(),
            crm.Activity,
            crm.Get<ICustomerStore>(),
            crm.Get<ICrmEventSink>(),
            [],
            crm.Get<IStoreUnitOfWorkFactory>(),
            crm.Clock,
            crm.Get<IOptions<CrmOptions>>(),
            Options.Create(new ChurnOptions { Policy = new ChurnPolicy(), PageSize = 3 }));
        var progress = new List<int>();

        var result = await churn.RunAsync(new SynchronousProgress(progress.Add));

        result.CustomersVisited.Should().Be(7);
        progress.Should().Equal(3, 6, 7);
        churn.Model!.CustomerCount.Should().Be(7);
        (await churn.GetAssessmentAsync(new CustomerId("c6"))).Should().NotBeNull();
    }

    [Fact]
    public async Task FitModel_PopulationFromJournal_EqualsDirectFitInLocalDays()
    {
        // 200 customers drawn from BG/NBD in whole days (ages 30-150), written as purchases at local noon: the first
        // T days before today, the last t_x days after the first, the others in between. The manager's fit reads
        // (x, t_x, T) back from the metrics in local days, so it must equal the direct fit on the same summaries.
        var today = Local(2026, 6, 1);
        var (crm, churn, _, _) = Create(new ChurnPolicy(), today);
        var summaries = Crm.Churn.Internal.BgNbdSimulation.Generate(new BgNbdModel(0.243, 30, 0.793, 2.426), 200, 30, 150, seed: 11, wholeUnits: true);
        for (var i = 0; i < summaries.Length; i++)
        {
            var (x, tx, age) = summaries[i];
            var first = today - NodaTime.Duration.FromDays(age);
            var at = new List<NodaTime.Instant> { first };
            for (var k = 1; k <= x; k++)
            {
                at.Add(first + NodaTime.Duration.FromDays(k == x ? tx : Math.Floor(tx * k / x)));
            }

            await BuyAsync(crm, $"c{i:D3}", [.. at]);
        }

        var fit = await churn.FitModelAsync();
        var direct = BgNbdModel.Fit(summaries);
        var assessment = await churn.AssessAsync(new CustomerId("c000"));

        fit.CustomerCount.Should().Be(200);
        fit.Purchases!.R.Should().BeApproximately(direct.R, 1e-9);
        fit.Purchases.B.Should().BeApproximately(direct.B, 1e-9);
        assessment.ProbabilityAlive.Should().BeApproximately(direct.ProbabilityAlive(summaries[0]), 1e-12);
        if (summaries[0].Frequency > 0)
        {
            assessment.Reasons.Should().Contain(r => r.Signal == ChurnSignal.Model);
        }
    }

    [Fact]
    public async Task FitModel_SpendModelFailsBesideAPurchaseModel_AssessmentsSayFutureValueUsesOwnAverage()
    {
        // Issue 28: every purchase is 30 CNY, so Gamma-Gamma has no spread to fit, while the purchase histories vary
        // enough for BG/NBD (each customer leaves with their own chance). The assessments use the BG/NBD model and say
        // that value per purchase is the customer's own average.
        var (crm, churn, _, _) = Create(new ChurnPolicy(), Local(2026, 6, 1));
        await BuyStreaksAsync(crm, leaveChance: random => 0.05 + (random.NextDouble() * 0.5));

        var fit = await churn.FitModelAsync();
        var assessment = await churn.AssessAsync(new CustomerId("c3"));

        fit.Purchases.Should().NotBeNull(fit.PurchasesFit!.Message);
        fit.Spend.Should().BeNull();
        fit.SpendFit!.Converged.Should().BeFalse();
        assessment.ProbabilityAlive.Should().NotBeNull("the BG/NBD model is in use");
        var note = assessment.Reasons.Should().ContainSingle(r => r.Contribution == 0).Subject;
        note.Signal.Should().Be(ChurnSignal.Model);
        note.Message.Should().StartWith("Future value per purchase is the customer's own average spend: the Gamma-Gamma spend model could not be fitted (" + fit.SpendFit.Failure);
    }

    [Fact]
    public async Task FitModel_EveryoneLeavesWithTheSameChance_IsABoundaryNotNoDropOut()
    {
        // Everyone leaves after a purchase with chance 1/4: BG/NBD's a and b grow together (a / (a + b) stays at 0.25),
        // the Beta spread is not identified. That is drop-out without heterogeneity, not "no drop-out", as it was reported.
        var (crm, churn, _, _) = Create(new ChurnPolicy(), Local(2026, 6, 1));
        await BuyStreaksAsync(crm, leaveChance: _ => 0.25);

        var fit = await churn.FitModelAsync();

        fit.PurchasesFit!.Failure.Should().Be(ModelFitFailure.BoundaryReached, fit.PurchasesFit.Message);
        fit.PurchasesFit.Message.Should().Contain("the same probability a / (a + b) = 0.2");
    }

    /// <summary>120 customers buying every 4 to 20 days from a start in January until they leave, each purchase 30 CNY.</summary>
    private static async Task BuyStreaksAsync(TestCrm crm, Func<Random, double> leaveChance)
    {
        var random = new Random(7);
        for (var c = 0; c < 120; c++)
        {
            var days = new List<int> { random.Next(30) };
            var gap = 4 + random.Next(17);
            var leave = leaveChance(random);
            while (days[^1] + gap < 150 && random.NextDouble() >= leave)
            {
                days.Add(days[^1] + gap);
            }

            await BuyAsync(crm, $"c{c}", [.. days.Select(d => Local(2026, 1, 1) + Duration.FromDays(d))]);
        }
    }

    [Fact]
    public async Task FitModel_NobodyRepeats_EveryAssessmentSaysWhyTheModelIsLeftOut()
    {
        // Issue 28: a fit that fails is no longer silent. Five one-time buyers: the BG/NBD fit is refused, the others
        // signals still score the customers, and each assessment carries the reason with contribution 0.
        var (crm, churn, _, _) = Create(new ChurnPolicy(), Local(2026, 6, 1));
        for (var i = 0; i < 5; i++)
        {
            await BuyAsync(crm, $"c{i}", Local(2026, 1, 5 + i));
        }

        var fit = await churn.FitModelAsync();
        var assessments = new List<ChurnAssessment>();
        for (var i = 0; i < 5; i++)
        {
            assessments.Add(await churn.AssessAsync(new CustomerId($"c{i}")));
        }

        fit.Purchases.Should().BeNull();
        fit.PurchasesFit!.Failure.Should().Be(ModelFitFailure.NoRepeatPurchases);
        fit.SpendFit!.Failure.Should().Be(ModelFitFailure.TooFewCustomers);
        assessments.Should().OnlyContain(a => a.ProbabilityAlive == null);
        foreach (var assessment in assessments)
        {
            var note = assessment.Reasons.Should().ContainSingle(r => r.Signal == ChurnSignal.Model).Subject;
            note.Contribution.Should().Be(0);
            note.Message.Should().Contain("Model signal left out").And.Contain("NoRepeatPurchases").And.Contain("None of the 5 customers has a repeat purchase");

            // Bought five months ago against a 14-day default gap: cadence still fires and scores the customer.
            assessment.Reasons.Should().Contain(r => r.Signal == ChurnSignal.Cadence && r.Contribution > 0);
            assessment.Score.Should().BeGreaterThan(0);
        }

        (await churn.GetAssessmentAsync(new CustomerId("c0")))!.Reasons.Should().Contain(r => r.Signal == ChurnSignal.Model && r.Contribution == 0);
    }

    [Fact]
    public async Task Run_SteadyBuyers_ReportsNoDropOutAndFallsBack()
    {
        // Twelve customers who buy every week up to today: no drop-out to fit. The run says so and goes on.
        var today = Local(2026, 6, 1);
        var (crm, churn, _, _) = Create(new ChurnPolicy(), today);
        for (var i = 0; i < 12; i++)
        {
            var weeks = 4 + i;
            await BuyAsync(crm, $"c{i}", [.. Enumerable.Range(0, weeks).Select(w => today - NodaTime.Duration.FromDays((7 * (weeks - 1 - w)) + 1 + (i % 3)))]);
        }

        var run = await churn.RunAsync();

        churn.Model!.PurchasesFit!.Failure.Should().Be(ModelFitFailure.NoDropOut);
        run.CustomersVisited.Should().Be(12);
        (await churn.GetAssessmentAsync(new CustomerId("c3")))!.Reasons.Should().ContainSingle(r => r.Signal == ChurnSignal.Model)
            .Which.Message.Should().Contain("No drop-out detected");
    }

    [Fact]
    public async Task FitModel_TimeLimitOnTheManagersClock_FallsBackWithTheReason()
    {
        // The manager measures the fit on its own clock: one that moves a day at every reading runs out any limit.
        var today = Local(2026, 6, 1);
        var (crm, churn, _, _) = Create(new ChurnPolicy(), today);
        var summaries = Crm.Churn.Internal.BgNbdSimulation.Generate(new BgNbdModel(0.243, 30, 0.793, 2.426), 60, 30, 150, seed: 11, wholeUnits: true);
        for (var i = 0; i < summaries.Length; i++)
        {
            var (x, tx, age) = summaries[i];
            var first = today - NodaTime.Duration.FromDays(age);
            await BuyAsync(crm, $"c{i:D3}", [first, .. Enumerable.Range(1, x).Select(k => first + NodaTime.Duration.FromDays(k == x ? tx : Math.Floor(tx * k / x)))]);
        }

        crm.Clock.AutoAdvance = NodaTime.Duration.FromDays(1);
        var fit = await churn.FitModelAsync(today);
        crm.Clock.AutoAdvance = NodaTime.Duration.Zero;

        fit.PurchasesFit!.Failure.Should().Be(ModelFitFailure.TimeLimitReached);
        fit.Purchases.Should().BeNull();
        (await churn.AssessAsync(new CustomerId("c000"))).Reasons.Should().Contain(r => r.Signal == ChurnSignal.Model && r.Contribution == 0 && r.Message.Contains("TimeLimitReached"));
    }

    [Fact]
    public void AddChurn_ModelFitTimeLimitNotPositive_FailsValidation()
    {
        var act = () => TestCrm.Create(configure: b => b.AddChurn(o =>
        {
            o.Policy = new ChurnPolicy();
            o.ModelFitTimeLimit = NodaTime.Duration.Zero;
        })).Get<ChurnManager>();

        act.Should().Throw<OptionsValidationException>().WithMessage("*ChurnOptions.ModelFitTimeLimit*");
    }

    [Fact]
    public void AddChurn_WithoutPolicy_FailsValidation()
    {
        var act = () => TestCrm.Create(configure: b => b.AddChurn(_ => { })).Get<ChurnManager>();

        act.Should().Throw<OptionsValidationException>().WithMessage("*ChurnOptions.Policy is not set*");
    }

    [Fact]
    public void AddChurn_Twice_RegistersOneHandler()
    {
        using var crm = TestCrm.Create(configure: b => b.AddChurn(o => o.Policy = new ChurnPolicy()).AddChurn(o => o.Policy = new ChurnPolicy()));

        crm.Provider.GetServices<IPurchaseHandler>().Count(h => h.GetType().Name == "ChurnPurchaseHandler").Should().Be(1);
    }

    private sealed class SynchronousProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
