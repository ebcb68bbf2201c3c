using Crm.TestUtils;

namespace Crm.Churn.Tests;

public sealed class SignalTests : ChurnTestBase
{
    [Fact]
    public async Task Assess_CadenceOwnMedianGap_CountsLocalDays()
    {
        // Purchases on local days 03-01, 03-08, 03-15 and 03-30 00:30 Shanghai (= 03-29 16:30 UTC): gaps 7, 7, 15, median 7.
        // Assessed 2026-04-20 23:00 Shanghai (= 15:00 UTC): 21 local days since 03-30 (22 UTC days would be wrong).
        // 21 / 7 = 3.0 > k = 2, strength = 3.0 / (2 * 2) = 0.75 = score -> critical (threshold 0.75).
        var (crm, churn, _, _) = Create(Only(ChurnSignal.Cadence), Local(2026, 4, 20, 23));
        await BuyAsync(crm, "c1", Local(2026, 3, 1), Local(2026, 3, 8), Local(2026, 3, 15), Local(2026, 3, 30, 0, 30));

        var assessment = await churn.AssessAsync(new CustomerId("c1"));

        assessment.Score.Should().BeApproximately(0.75, 1e-12);
        assessment.Level.Should().Be(ChurnLevel.Critical);
        var reason = assessment.Reasons.Should().ContainSingle().Subject;
        reason.Signal.Should().Be(ChurnSignal.Cadence);
        reason.Value.Should().BeApproximately(3.0, 1e-12);
        reason.Message.Should().Be("21 days since the last purchase on 2026-03-30: 3.0× the customer's median gap of 7 days (threshold 2×)");
        (await churn.GetAssessmentAsync(new CustomerId("c1"))).Should().Be(assessment);
    }

    [Fact]
    public async Task Assess_CadenceExactlyAtThreshold_DoesNotFire()
    {
        // 2026-04-13 is 14 days after 03-30: 14 / 7 = 2.0, not above k = 2.
        var (crm, churn, _, _) = Create(Only(ChurnSignal.Cadence), Local(2026, 4, 13, 23));
        await BuyAsync(crm, "c1", Local(2026, 3, 1), Local(2026, 3, 8), Local(2026, 3, 15), Local(2026, 3, 30, 0, 30));

        var assessment = await churn.AssessAsync(new CustomerId("c1"));

        assessment.Score.Should().Be(0);
        assessment.Level.Should().Be(ChurnLevel.None);
        assessment.Reasons.Should().BeEmpty();
    }

    [Fact]
    public async Task Assess_CadenceFewerThanThreePurchaseDays_UsesPopulationGap()
    {
        // Two purchase days (two purchases on 03-08 count once): the population's gap is used, 14 days before any fit.
        // 43 days since 03-08 on 04-20: 43 / 14 = 3.0714 > 2, strength 3.0714 / 4 = 0.767857.
        var (crm, churn, _, _) = Create(Only(ChurnSignal.Cadence), Local(2026, 4, 20));
        await BuyAsync(crm, "c1", Local(2026, 3, 1), Local(2026, 3, 8, 9), Local(2026, 3, 8, 18));

        var assessment = await churn.AssessAsync(new CustomerId("c1"));

        assessment.Score.Should().BeApproximately(43.0 / 14 / 4, 1e-12);
        assessment.Reasons.Single().Message.Should().Contain("population's median gap of 14 days");
    }

    [Fact]
    public async Task Assess_CadenceAfterModelFit_UsesFittedPopulationGap()
    {
        // c2 buys 03-01 and 03-11 (mean gap 10 days), c3 03-01, 03-11, 03-21 (10), c4 03-01, 03-21 (20): median of 10, 10, 20 = 10.
        // c1 bought once on 04-01; on 04-20 that is 19 days: 19 / 10 = 1.9, below k = 2: no signal (with 14 days it would be 1.36 as well).
        // c5 bought once on 03-20: 31 days / 10 = 3.1 -> strength 3.1 / 4 = 0.775.
        var (crm, churn, _, _) = Create(Only(ChurnSignal.Cadence), Local(2026, 4, 20));
        await BuyAsync(crm, "c2", Local(2026, 3, 1), Local(2026, 3, 11));
        await BuyAsync(crm, "c3", Local(2026, 3, 1), Local(2026, 3, 11), Local(2026, 3, 21));
        await BuyAsync(crm, "c4", Local(2026, 3, 1), Local(2026, 3, 21));
        await BuyAsync(crm, "c1", Local(2026, 4, 1));
        await BuyAsync(crm, "c5", Local(2026, 3, 20));

        var fit = await churn.FitModelAsync();

        fit.MedianGapDays.Should().Be(10);
        fit.CustomerCount.Should().Be(5);
        (await churn.AssessAsync(new CustomerId("c1"))).Reasons.Should().BeEmpty();
        (await churn.AssessAsync(new CustomerId("c5"))).Score.Should().BeApproximately(0.775, 1e-12);
    }

    [Fact]
    public async Task Assess_FrequencyDrop_ComparesLocalWindows()
    {
        // Today 2026-04-20 (Shanghai). Latest window (03-21, 04-20], previous (02-19, 03-21].
        // Previous: 02-20, 03-01, 03-10 and 03-21 23:30 local (= 15:30 UTC) -> 4; 02-19 23:30 local is outside.
        // Latest: 04-01 -> 1. Drop (4 - 1) / 4 = 75% >= 50%: strength 0.75, weight 0.8 -> score 0.6 -> warning.
        var (crm, churn, _, _) = Create(Only(ChurnSignal.FrequencyDrop), Local(2026, 4, 20));
        await BuyAsync(crm, "c1", Local(2026, 2, 19, 23, 30), Local(2026, 2, 20), Local(2026, 3, 1), Local(2026, 3, 10), Local(2026, 3, 21, 23, 30), Local(2026, 4, 1));

        var assessment = await churn.AssessAsync(new CustomerId("c1"));

        assessment.Score.Should().BeApproximately(0.6, 1e-12);
        assessment.Level.Should().Be(ChurnLevel.Warning);
        var reason = assessment.Reasons.Single();
        reason.Signal.Should().Be(ChurnSignal.FrequencyDrop);
        reason.Value.Should().BeApproximately(75, 1e-12);
        reason.Message.Should().Be("1 purchase in the last 30 days against 4 in the 30 days before: down 75% (threshold 50%)");
    }

    [Fact]
    public async Task Assess_FrequencyDropBelowThreshold_DoesNotFire()
    {
        // Previous window 2 purchases, latest 1: down 50%... with a 60% threshold nothing fires.
        var policy = new ChurnPolicy
        {
            Cadence = new CadenceSignalSettings { Weight = 0 },
            FrequencyDrop = new FrequencyDropSignalSettings { MinDropPercent = 60 },
        };
        var (crm, churn, _, _) = Create(policy, Local(2026, 4, 20));
        await BuyAsync(crm, "c1", Local(2026, 3, 1), Local(2026, 3, 10), Local(2026, 4, 1));

        // No signal fires; the model signal's weight is the default, and no model is fitted yet: said, contributing nothing.
        var note = (await churn.AssessAsync(new CustomerId("c1"))).Reasons.Should().ContainSingle().Subject;
        (note.Signal, note.Contribution).Should().Be((ChurnSignal.Model, 0.0));
        note.Message.Should().Contain("no model is fitted yet");
    }

    [Fact]
    public async Task Assess_CadenceAndDrop_CombineAsNoisyOr()
    {
        // Cadence: 03-01, 03-08, 03-15, 03-29; on 04-20: 22 days / median 7 = 3.142857, strength 0.785714.
        // Drop: previous (02-19, 03-21] = 3, latest (03-21, 04-20] = 1: 66.67%, contribution 0.666667 * 0.8 = 0.533333.
        // Score = 1 - (1 - 0.785714) * (1 - 0.533333) = 1 - 0.214286 * 0.466667 = 0.9.
        var (crm, churn, _, _) = Create(new ChurnPolicy(), Local(2026, 4, 20));
        await BuyAsync(crm, "c1", Local(2026, 3, 1), Local(2026, 3, 8), Local(2026, 3, 15), Local(2026, 3, 29));

        var assessment = await churn.AssessAsync(new CustomerId("c1"));

        assessment.Score.Should().BeApproximately(0.9, 1e-9);
        assessment.Reasons.Select(r => r.Signal).Should().Equal(ChurnSignal.Cadence, ChurnSignal.FrequencyDrop, ChurnSignal.Model);
        assessment.Reasons[^1].Contribution.Should().Be(0, "no model is fitted yet, which the last reason says");
    }

    [Fact]
    public async Task Feedback_Unresolved_RaisesRiskUntilResolved()
    {
        var (crm, churn, _, _) = Create(Only(ChurnSignal.Feedback), Local(2026, 4, 20));
        await BuyAsync(crm, "c1", Local(2026, 4, 1));
        var complaint = new ChurnFeedback { Id = "fb-1", CustomerId = new CustomerId("c1"), ReportedAt = Local(2026, 4, 2), Note = "cold latte" };

        (await churn.RecordFeedbackAsync(complaint)).Should().BeTrue();
        (await churn.RecordFeedbackAsync(complaint)).Should().BeFalse();
        var before = await churn.AssessAsync(new CustomerId("c1"));
        (await churn.ResolveFeedbackAsync("fb-1")).Should().BeTrue();
        (await churn.ResolveFeedbackAsync("fb-1")).Should().BeFalse();
        var after = await churn.AssessAsync(new CustomerId("c1"));

        // One open complaint: strength 1, weight 0.5 -> score 0.5 -> warning.
        before.Score.Should().Be(0.5);
        before.Level.Should().Be(ChurnLevel.Warning);
        before.Reasons.Single().Message.Should().Be("1 unresolved complaint, the oldest from 2026-04-02");
        after.Score.Should().Be(0);
    }

    [Fact]
    public async Task RecordFeedback_IdReusedForAnotherCustomer_Throws()
    {
        var (_, churn, _, _) = Create(new ChurnPolicy(), Local(2026, 4, 20));
        await churn.RecordFeedbackAsync(new ChurnFeedback { Id = "fb-1", CustomerId = new CustomerId("c1"), ReportedAt = Local(2026, 4, 2) });

        var act = () => churn.RecordFeedbackAsync(new ChurnFeedback { Id = "fb-1", CustomerId = new CustomerId("c2"), ReportedAt = Local(2026, 4, 2) });

        (await act.Should().ThrowAsync<CrmValidationException>()).Which.ErrorCode.Should().Be(ChurnErrorCodes.FeedbackIdReused);
    }

    [Fact]
    public async Task GetAtRisk_RanksByValueAtRisk()
    {
        // Same cadence for both (score 0.75); c-big spends 90 a purchase, c-small 30: c-big's future value is 3 times larger.
        var (crm, churn, _, _) = Create(Only(ChurnSignal.Cadence), Local(2026, 4, 20, 23));
        foreach (var (customer, price) in new[] { ("c-small", 30m), ("c-big", 90m) })
        {
            foreach (var at in new[] { Local(2026, 3, 1), Local(2026, 3, 8), Local(2026, 3, 15), Local(2026, 3, 30, 0, 30) })
            {
                await crm.Manager.RecordPurchaseAsync(Facts.Purchase($"{customer}-{at.ToUnixTimeTicks()}", customer, at, Facts.Line("1", price)));
            }

            await churn.AssessAsync(new CustomerId(customer));
        }

        var ranked = await churn.GetAtRiskAsync(0, 10);

        // Without a model: 3 repeat purchases over 29 days -> 3 / 29 * 90 days = 9.3103 purchases; c-big: * 90 = 837.93, at risk 0.75 * 837.93 = 628.45.
        ranked.Select(a => a.CustomerId.Value).Should().Equal("c-big", "c-small");
        ranked[0].FutureValue.Should().Be(Facts.Cny(837.93m));
        ranked[0].ValueAtRisk.Should().Be(Facts.Cny(628.45m));
        (await churn.GetAtRiskAsync(1, 10)).Select(a => a.CustomerId.Value).Should().Equal("c-small");
    }
}
