using Crm.TestUtils;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;

namespace Crm.Churn.Tests;

public sealed class PropertyTests : ChurnTestBase
{
    /// <summary>P(alive) is in (0, 1], falls as the customer stays away longer; E[Y(t)] is non-negative and grows with t.</summary>
    [Property(MaxTest = 300)]
    public Property ModelPredictions_AreBoundedAndMonotone_Holds() =>
        Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), seed =>
        {
            var random = new Random(seed);
            var a = random.NextDouble() < 0.5 ? 0.1 + (random.NextDouble() * 0.85) : 1.05 + (random.NextDouble() * 4);
            var model = new BgNbdModel(0.05 + (random.NextDouble() * 3), 0.5 + (random.NextDouble() * 60), a, 0.1 + (random.NextDouble() * 5));
            var x = random.Next(0, 40);
            var age = 1 + (random.NextDouble() * 400);
            var recency = x == 0 ? 0 : random.NextDouble() * age;
            var customer = new CustomerSummary(x, recency, age);
            var older = customer with { Age = age + 1 + (random.NextDouble() * 100) };
            var alive = model.ProbabilityAlive(customer);
            var t1 = random.NextDouble() * 100;
            var t2 = t1 + 0.5 + (random.NextDouble() * 100);
            var e1 = model.ExpectedPurchases(customer, t1);
            var e2 = model.ExpectedPurchases(customer, t2);
            return alive > 0 && alive <= 1
                && model.ProbabilityAlive(older) <= alive
                && (x > 0 || model.ProbabilityAlive(older) == 1)
                && e1 >= 0 && e2 >= e1 - 1e-9 && double.IsFinite(e2);
        });

    /// <summary>
    /// Issue 28: any fit either converges with finite parameters, a finite log-likelihood and finite standard errors, or
    /// reports why not, with no model; never NaN parameters reported as success. Populations are drawn from BG/NBD with
    /// random parameters and sizes, some made degenerate on purpose (nobody repeats, everyone's last purchase at T, one
    /// history repeated, steady buyers), with a spend per customer that is sometimes identical for all.
    /// </summary>
    [Property(MaxTest = 60)]
    public Property Fit_ConvergesFinitelyOrSaysWhyNot_Holds() =>
        Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), seed =>
        {
            var random = new Random(seed);
            var truth = new BgNbdModel(0.1 + (random.NextDouble() * 3), 1 + (random.NextDouble() * 50), 0.05 + (random.NextDouble() * 3), 0.1 + (random.NextDouble() * 20));
            var count = random.Next(0, 4) == 0 ? random.Next(1, 12) : random.Next(12, 3000);
            var customers = random.Next(0, 6) switch
            {
                0 => Enumerable.Repeat(new CustomerSummary(0, 0, 30), count).ToArray(),
                1 => Crm.Churn.Internal.BgNbdSimulation.Generate(truth, count, 10, 100, seed).Select(c => c with { Recency = c.Frequency > 0 ? c.Age : 0 }).ToArray(),
                2 => Enumerable.Repeat(new CustomerSummary(3, 20, 30), count).ToArray(),
                3 => Model.ModelFitFailureTests.SteadyBuyers(count, seed),
                _ => Crm.Churn.Internal.BgNbdSimulation.Generate(truth, count, 10, 100, seed, wholeUnits: random.Next(2) == 0),
            };
            var sameSpend = random.Next(0, 4) == 0;
            var spend = customers.Select(c => new SpendSummary(c.Frequency, sameSpend ? 20 : 5 + (random.NextDouble() * 40))).ToArray();

            var purchases = BgNbdModel.TryFit(customers);
            var value = GammaGammaModel.TryFit(spend);

            static bool Finite(IEnumerable<double> values) => values.All(double.IsFinite);
            var purchasesHold = purchases.Converged
                ? Finite([purchases.Model.R, purchases.Model.Alpha, purchases.Model.A, purchases.Model.B, purchases.Model.LogLikelihood])
                    && Finite(purchases.Diagnostics.StandardErrors) && purchases.Failure == ModelFitFailure.None
                : purchases.Failure != ModelFitFailure.None && purchases.Model is null && purchases.Message.Length > 0;
            var valueHolds = value.Converged
                ? Finite([value.Model.P, value.Model.Q, value.Model.V, value.Model.LogLikelihood]) && Finite(value.Diagnostics.StandardErrors)
                : value.Failure != ModelFitFailure.None && value.Model is null && value.Message.Length > 0;
            return (purchasesHold && valueHolds).Label($"{purchases.Failure}: {purchases.Message} / {value.Failure}: {value.Message}");
        });

    /// <summary>For any purchase history and complaints: the score is 1 − Π(1 − contribution) in [0, 1], the level is the policy's, and value at risk never exceeds future value.</summary>
    [Property(MaxTest = 40)]
    public Property Assessment_ScoreLevelAndValue_Holds() =>
        Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), seed => Assess(seed).GetAwaiter().GetResult());

    /// <summary>However evaluations, purchases and the clock interleave, each (customer, episode, level) acts at most once.</summary>
    [Property(MaxTest = 25)]
    public Property WinBack_ActsAtMostOncePerEpisodeAndLevel_Holds() =>
        Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), seed => WinBack(seed).GetAwaiter().GetResult());

    private static async Task<bool> Assess(int seed)
    {
        var random = new Random(seed);
        var now = Local(2026, 6, 1);
        var (crm, churn, _, _) = Create(new ChurnPolicy(), now);
        using var _ = crm;
        var purchases = random.Next(1, 9);
        var at = Enumerable.Range(0, purchases).Select(_ => now - Duration.FromMinutes(random.Next(60, 120 * 24 * 60))).ToArray();
        await BuyAsync(crm, "c1", at);
        for (var i = random.Next(0, 3); i > 0; i--)
        {
            await churn.RecordFeedbackAsync(new ChurnFeedback { Id = $"fb-{i}", CustomerId = new CustomerId("c1"), ReportedAt = now - Duration.FromDays(i) });
        }

        var assessment = await churn.AssessAsync(new CustomerId("c1"));
        var keep = assessment.Reasons.Aggregate(1.0, (k, r) => k * (1 - r.Contribution));
        return assessment.Score is >= 0 and <= 1
            && Math.Abs(assessment.Score - (1 - keep)) < 1e-12
            && assessment.Level == churn.Policy.Levels.LevelOf(assessment.Score)
            && assessment.ValueAtRisk.Amount <= assessment.FutureValue.Amount
            && assessment.Reasons.All(r => r.Contribution is > 0 and <= 1 || (r.Contribution == 0 && r.Signal == ChurnSignal.Model));
    }

    private static async Task<bool> WinBack(int seed)
    {
        var random = new Random(seed);
        var policy = new ChurnPolicy
        {
            WinBack = new WinBackPolicy
            {
                CoolDownDays = random.Next(0, 20),
                Actions =
                [
                    new WinBackAction { Level = ChurnLevel.Watch, Kind = WinBackActionKind.Message, Channels = ContactChannels.App },
                    new WinBackAction { Level = ChurnLevel.Warning, Kind = WinBackActionKind.Coupon, CouponTemplateId = "wb", Channels = ContactChannels.App },
                ],
            },
        };
        var (crm, churn, issuer, events) = Create(policy, Local(2026, 3, 1));
        using var _ = crm;
        await RegisterAsync(crm, "c1", ContactChannels.App);
        await BuyAsync(crm, "c1", Local(2026, 2, 1), Local(2026, 2, 8), Local(2026, 2, 15));
        var now = Local(2026, 3, 1);
        for (var step = 0; step < 12; step++)
        {
            now += Duration.FromDays(random.Next(0, 10));
            crm.Clock.Reset(now);
            switch (random.Next(4))
            {
                case 0:
                    await BuyAsync(crm, "c1", now);
                    break;
                case 1:
                    await churn.RecordFeedbackAsync(new ChurnFeedback { Id = $"fb-{step}", CustomerId = new CustomerId("c1"), ReportedAt = now });
                    break;
                default:
                    await churn.EvaluateAsync(new CustomerId("c1"));
                    break;
            }
        }

        var ids = events.Events.OfType<WinBackEvent>().Select(e => e.EventId).ToList();
        return ids.Distinct().Count() == ids.Count && issuer.Calls == issuer.Issued.Count;
    }
}
