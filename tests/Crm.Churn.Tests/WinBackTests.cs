using Microsoft.Extensions.DependencyInjection;
using Crm.TestUtils;
using NodaTime;

namespace Crm.Churn.Tests;

public sealed class WinBackTests : ChurnTestBase
{
    // Feedback alone gives 0.5 (warning); feedback plus the cadence at strength 0.75 gives 1 - 0.5 * 0.25 = 0.875 (critical).
    private static ChurnPolicy Policy(ContactChannels channels = ContactChannels.Sms | ContactChannels.App) => new()
    {
        FrequencyDrop = new FrequencyDropSignalSettings { Weight = 0 },
        WinBack = new WinBackPolicy
        {
            CoolDownDays = 30,
            WonBackWithinDays = 30,
            Actions =
            [
                new WinBackAction { Level = ChurnLevel.Warning, Kind = WinBackActionKind.Coupon, CouponTemplateId = "wb-10", Channels = channels },
                new WinBackAction { Level = ChurnLevel.Critical, Kind = WinBackActionKind.Message, MessageTemplateId = "miss-you", Channels = channels },
            ],
        },
    };

    [Fact]
    public async Task Evaluate_ReachingWarning_IssuesCouponOnConsentedChannelsOnce()
    {
        var (crm, churn, issuer, events) = Create(Policy(), Local(2026, 4, 10));
        await RegisterAsync(crm, "c1", ContactChannels.Sms | ContactChannels.Email);
        await BuyAsync(crm, "c1", Local(2026, 4, 1));
        await churn.RecordFeedbackAsync(new ChurnFeedback { Id = "fb-1", CustomerId = new CustomerId("c1"), ReportedAt = Local(2026, 4, 2) });

        var first = await churn.EvaluateAsync(new CustomerId("c1"));
        var again = await churn.EvaluateAsync(new CustomerId("c1"));

        first.Assessment.Level.Should().Be(ChurnLevel.Warning);
        first.WinBack.Should().Be(WinBackStatus.ActionTaken);
        first.Episode!.Number.Should().Be(1);
        first.Episode.ActedLevels.Should().Equal(ChurnLevel.Warning);
        again.WinBack.Should().Be(WinBackStatus.Replayed);
        var issued = issuer.Issued.Should().ContainSingle().Subject;
        issued.Should().Be(new CouponIssueRequest(new CustomerId("c1"), "wb-10", CouponIssueReason.WinBack, "churn:c1:1:warning"));

        // The action allows SMS and app; the customer consented to SMS and e-mail: only SMS.
        var raised = events.Events.OfType<WinBackEvent>().Should().ContainSingle().Subject;
        raised.Channels.Should().Be(ContactChannels.Sms);
        raised.CouponId.Should().Be("coupon-churn:c1:1:warning");
    }

    [Fact]
    public async Task Evaluate_ConsentForbidsSms_NothingIsSent()
    {
        var (crm, churn, issuer, events) = Create(Policy(ContactChannels.Sms), Local(2026, 4, 10));
        await RegisterAsync(crm, "c1", ContactChannels.Email | ContactChannels.App);
        await BuyAsync(crm, "c1", Local(2026, 4, 1));
        await churn.RecordFeedbackAsync(new ChurnFeedback { Id = "fb-1", CustomerId = new CustomerId("c1"), ReportedAt = Local(2026, 4, 2) });

        var evaluation = await churn.EvaluateAsync(new CustomerId("c1"));

        evaluation.WinBack.Should().Be(WinBackStatus.NoConsent);
        evaluation.Episode!.ActedLevels.Should().BeEmpty();
        issuer.Calls.Should().Be(0);
        events.Events.Should().BeEmpty();
    }

    [Fact]
    public async Task Run_Repeated_CoolDownHolds()
    {
        // 04-10: purchases 03-25, 04-01, 04-08 (2 days ago, no cadence) and a complaint: 0.5 -> warning -> coupon.
        // 04-30: 22 days / median gap 7 = 3.14 > 2, cadence 0.786; score 1 - 0.5 * 0.214 = 0.89 -> critical, but the last
        // action was 20 days ago (cool-down 30): however often the run is repeated, nothing is sent.
        // 05-11 (31 days after 04-10): the critical message goes out, once.
        var (crm, churn, issuer, events) = Create(Policy(), Local(2026, 4, 10));
        await RegisterAsync(crm, "c1", ContactChannels.Sms);
        await BuyAsync(crm, "c1", Local(2026, 3, 25), Local(2026, 4, 1), Local(2026, 4, 8));
        await churn.RecordFeedbackAsync(new ChurnFeedback { Id = "fb-1", CustomerId = new CustomerId("c1"), ReportedAt = Local(2026, 4, 9) });

        var first = await churn.RunAsync();
        crm.Clock.Reset(Local(2026, 4, 30));
        var second = await churn.RunAsync();
        var third = await churn.RunAsync();
        crm.Clock.Reset(Local(2026, 5, 11));
        var fourth = await churn.RunAsync();
        var fifth = await churn.RunAsync();

        first.Should().Be(new ChurnRunResult { CustomersVisited = 1, Watch = 0, Warning = 1, Critical = 0, ActionsTaken = 1, SkippedCoolingDown = 0, SkippedNoConsent = 0 });
        second.Should().Be(new ChurnRunResult { CustomersVisited = 1, Watch = 0, Warning = 0, Critical = 1, ActionsTaken = 0, SkippedCoolingDown = 1, SkippedNoConsent = 0 });
        third.Should().Be(second);
        fourth.Should().Be(new ChurnRunResult { CustomersVisited = 1, Watch = 0, Warning = 0, Critical = 1, ActionsTaken = 1, SkippedCoolingDown = 0, SkippedNoConsent = 0 });
        fifth.Should().Be(new ChurnRunResult { CustomersVisited = 1, Watch = 0, Warning = 0, Critical = 1, ActionsTaken = 0, SkippedCoolingDown = 0, SkippedNoConsent = 0 });
        issuer.Calls.Should().Be(1);
        events.Events.OfType<WinBackEvent>().Select(e => e.Level).Should().Equal(ChurnLevel.Warning, ChurnLevel.Critical);
    }

    [Fact]
    public async Task Run_PageCommitsTogether_APageThatLosesARaceIsEvaluatedCustomerByCustomer_SameOutcome()
    {
        // Five customers at warning (a complaint each), pages of two: c1 c2 | c3 c4 | c5.
        var calm = await RunFiveAsync(conflicts: 0);
        var raced = await RunFiveAsync(conflicts: 1);

        calm.Run.Should().Be(new ChurnRunResult { CustomersVisited = 5, Watch = 0, Warning = 5, Critical = 0, ActionsTaken = 5, SkippedCoolingDown = 0, SkippedNoConsent = 0 });
        calm.Commits.Should().Be(3, "each page is one unit of work");
        raced.Run.Should().Be(calm.Run);
        raced.Events.Should().Equal(calm.Events, "only committed actions are announced, once each, in the same order");
        raced.Issued.Should().Equal(calm.Issued);
        calm.Assessments.Should().OnlyContain(a => a != null && a.Level == ChurnLevel.Warning);
        raced.Assessments.Should().BeEquivalentTo(calm.Assessments, o => o.WithStrictOrdering());
        raced.CommitAttempts.Should().Be(5, "the first page lost its commit, then c1 and c2 each committed their own unit, then the two other pages");
    }

    private static async Task<(ChurnRunResult Run, int Commits, int CommitAttempts, List<string> Events, List<string> Issued, List<ChurnAssessment?> Assessments)> RunFiveAsync(int conflicts)
    {
        InstrumentedUnits? units = null;
        var issuer = new RecordingCouponIssuer();
        var events = new RecordingEventSink();
        using var crm = TestCrm.Create(Local(2026, 4, 10), b =>
        {
            b.AddChurn(o =>
            {
                o.Policy = Policy();
                o.RefitModelOnRun = false;
                o.PageSize = 2;
            });
            b.Services.AddSingleton<ICouponIssuer>(issuer);
            b.Services.AddSingleton<ICrmEventSink>(events);
            units = InstrumentedUnits.Install(b);
        });
        var churn = crm.Get<ChurnManager>();
        var customers = Enumerable.Range(1, 5).Select(i => "c" + i).ToList();
        foreach (var customer in customers)
        {
            await RegisterAsync(crm, customer, ContactChannels.Sms);
            await BuyAsync(crm, customer, Local(2026, 4, 1));
            await churn.RecordFeedbackAsync(new ChurnFeedback { Id = "fb-" + customer, CustomerId = new CustomerId(customer), ReportedAt = Local(2026, 4, 2) });
        }

        units!.Reset();
        units.ConflictsLeft = conflicts;
        var run = await churn.RunAsync();
        var assessments = new List<ChurnAssessment?>();
        foreach (var customer in customers)
        {
            assessments.Add(await churn.GetAssessmentAsync(new CustomerId(customer)));
        }

        return (run, units.Commits, units.CommitAttempts, [.. events.Events.OfType<WinBackEvent>().Select(e => e.EventId)], [.. issuer.Issued.Select(r => r.IdempotencyKey).Order()], assessments);
    }

    [Fact]
    public async Task Evaluate_CriticalFirst_DoesNotSendLowerLevelAfterwards()
    {
        // Complaint 0.5 and 26 days since 03-15 (gap 7: 3.71 > 2, cadence 0.93): critical at once -> the critical message.
        var (crm, churn, issuer, events) = Create(Policy(), Local(2026, 4, 10));
        await RegisterAsync(crm, "c1", ContactChannels.Sms);
        await BuyAsync(crm, "c1", Local(2026, 3, 1), Local(2026, 3, 8), Local(2026, 3, 15));
        await churn.RecordFeedbackAsync(new ChurnFeedback { Id = "fb-1", CustomerId = new CustomerId("c1"), ReportedAt = Local(2026, 3, 16) });

        (await churn.EvaluateAsync(new CustomerId("c1"))).WinBack.Should().Be(WinBackStatus.ActionTaken);
        await churn.ResolveFeedbackAsync("fb-1");
        crm.Clock.Reset(Local(2026, 6, 1));
        var later = await churn.EvaluateAsync(new CustomerId("c1"));

        later.WinBack.Should().Be(WinBackStatus.Replayed);
        issuer.Calls.Should().Be(0);
        events.Events.OfType<WinBackEvent>().Should().ContainSingle().Which.MessageTemplateId.Should().Be("miss-you");
    }

    [Fact]
    public async Task Evaluate_WarningThenCritical_WaitsForCoolDown()
    {
        // 04-10: only the complaint (0.5, warning) -> coupon. 04-20: 36 days since 03-15 / 7 -> cadence 1.0 -> critical,
        // but the last action was 10 days ago (cool-down 30): waits. 05-11: 31 days later the message goes out.
        var (crm, churn, issuer, events) = Create(Policy(), Local(2026, 4, 10));
        await RegisterAsync(crm, "c1", ContactChannels.Sms);
        await BuyAsync(crm, "c1", Local(2026, 3, 25), Local(2026, 4, 1), Local(2026, 4, 8));
        await churn.RecordFeedbackAsync(new ChurnFeedback { Id = "fb-1", CustomerId = new CustomerId("c1"), ReportedAt = Local(2026, 4, 9) });

        var warning = await churn.EvaluateAsync(new CustomerId("c1"));
        crm.Clock.Reset(Local(2026, 4, 30));
        var cooling = await churn.EvaluateAsync(new CustomerId("c1"));
        var coolingAgain = await churn.EvaluateAsync(new CustomerId("c1"));
        crm.Clock.Reset(Local(2026, 5, 11));
        var critical = await churn.EvaluateAsync(new CustomerId("c1"));

        warning.WinBack.Should().Be(WinBackStatus.ActionTaken);
        warning.Assessment.Level.Should().Be(ChurnLevel.Warning);
        cooling.Assessment.Level.Should().Be(ChurnLevel.Critical);
        cooling.WinBack.Should().Be(WinBackStatus.CoolingDown);
        coolingAgain.WinBack.Should().Be(WinBackStatus.CoolingDown);
        critical.WinBack.Should().Be(WinBackStatus.ActionTaken);
        critical.Episode!.ActedLevels.Should().Equal(ChurnLevel.Warning, ChurnLevel.Critical);
        critical.Episode.FirstActionAt.Should().Be(Local(2026, 4, 10));
        issuer.Calls.Should().Be(1);
        events.Events.OfType<WinBackEvent>().Select(e => e.EventId).Should().Equal("churn:c1:1:warning", "churn:c1:1:critical");
    }

    [Fact]
    public async Task Purchase_WithinWindow_MarksWonBackAndReportsRate()
    {
        var (crm, churn, _, _) = Create(Policy(), Local(2026, 4, 10));
        foreach (var customer in new[] { "c1", "c2" })
        {
            await RegisterAsync(crm, customer, ContactChannels.Sms);
            await BuyAsync(crm, customer, Local(2026, 4, 1));
            await churn.RecordFeedbackAsync(new ChurnFeedback { Id = "fb-" + customer, CustomerId = new CustomerId(customer), ReportedAt = Local(2026, 4, 2) });
            (await churn.EvaluateAsync(new CustomerId(customer))).WinBack.Should().Be(WinBackStatus.ActionTaken);
        }

        // c1 comes back after 20 days (within 30): won back. c2 after 40 days: returned, not won back.
        crm.Clock.Reset(Local(2026, 5, 20));
        var back = await crm.Manager.RecordPurchaseAsync(Facts.Purchase("p-c1", "c1", Local(2026, 4, 30), Facts.Line("1", 30m)));
        await crm.Manager.RecordPurchaseAsync(Facts.Purchase("p-c2", "c2", Local(2026, 5, 20), Facts.Line("1", 30m)));
        await crm.Manager.RecordPurchaseAsync(Facts.Purchase("p-c1", "c1", Local(2026, 4, 30), Facts.Line("1", 30m)));

        back.GetOutcome<ChurnEpisode>()!.Outcome.Should().Be(ChurnEpisodeOutcome.WonBack);
        var report = await churn.GetWinBackReportAsync(Local(2026, 4, 1), Local(2026, 5, 1));
        report.Should().Be(new WinBackReport { From = Local(2026, 4, 1), To = Local(2026, 5, 1), EpisodesActedOn = 2, WonBack = 1, StillInWindow = 0, Rate = 0.5 });

        // The complaint still stands, so a new evaluation opens episode 2; its cool-down counts from 04-10, long past.
        (await churn.EvaluateAsync(new CustomerId("c1"))).Episode!.Number.Should().Be(2);
    }
}
