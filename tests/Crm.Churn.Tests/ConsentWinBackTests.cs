using Crm.TestUtils;
using NodaTime;

namespace Crm.Churn.Tests;

/// <summary>Win-back asks consent records for marketing on each of its channels, and says why when it may not send.</summary>
public sealed class ConsentWinBackTests : ChurnTestBase
{
    private static readonly CustomerId C1 = new("c1");

    // Feedback alone gives 0.5: warning, whose action is a coupon on SMS.
    private static ChurnPolicy Policy() => new()
    {
        FrequencyDrop = new FrequencyDropSignalSettings { Weight = 0 },
        WinBack = new WinBackPolicy
        {
            CoolDownDays = 30,
            Actions = [new WinBackAction { Level = ChurnLevel.Warning, Kind = WinBackActionKind.Coupon, CouponTemplateId = "wb-10", Channels = ContactChannels.Sms }],
        },
    };

    private static ConsentRecord Withdrawal(string id, Instant at) => new()
    {
        Id = id,
        CustomerId = C1,
        Purpose = ConsentPurpose.Marketing,
        Channel = ContactChannels.Sms,
        Granted = false,
        PolicyVersion = "v3",
        Source = "app",
        At = at,
        OperatorId = "x",
    };

    private static async Task AtRiskAsync(TestCrm crm, ChurnManager churn)
    {
        await BuyAsync(crm, "c1", Local(2026, 4, 1));
        await churn.RecordFeedbackAsync(new ChurnFeedback { Id = "fb-1", CustomerId = C1, ReportedAt = Local(2026, 4, 2) });
    }

    [Fact]
    public async Task Evaluate_MarketingSmsWithdrawn_NoCouponAndTheAuditSaysWhy()
    {
        var (crm, churn, issuer, events) = Create(Policy(), Local(2026, 4, 10));
        await RegisterAsync(crm, "c1", ContactChannels.Sms);
        await crm.Manager.RecordConsentAsync(Withdrawal("w-1", Local(2026, 3, 1, 9)));
        await AtRiskAsync(crm, churn);

        var evaluation = await churn.EvaluateAsync(C1);

        evaluation.Assessment.Level.Should().Be(ChurnLevel.Warning);
        evaluation.WinBack.Should().Be(WinBackStatus.NoConsent);
        issuer.Calls.Should().Be(0);
        events.Events.Should().BeEmpty();
        var decision = evaluation.Contact.Should().ContainSingle().Subject;
        decision.Reason.Should().Be(ContactDecisionReason.Withdrawn);
        decision.Record!.Id.Should().Be("w-1");

        // The host asks afterwards why c1 got nothing on 10 April: the same record, in words.
        var audit = await crm.Manager.DecideContactAsync(C1, ConsentPurpose.Marketing, ContactChannels.Sms, Local(2026, 4, 10));
        audit.IsAllowed.Should().BeFalse();
        audit.Reason.Should().Be(ContactDecisionReason.Withdrawn);
        audit.Record!.Id.Should().Be("w-1");
        audit.Explanation.Should().Be("Marketing by Sms withdrawn at 2026-03-01T01:00:00Z via 'app' under policy 'v3' by operator 'x' (record 'w-1').");
    }

    [Fact]
    public async Task Evaluate_GrantedAgainAfterWithdrawal_CouponIsIssued()
    {
        var (crm, churn, issuer, events) = Create(Policy(), Local(2026, 4, 10));
        await RegisterAsync(crm, "c1", ContactChannels.Sms);
        await crm.Manager.RecordConsentAsync(Withdrawal("w-1", Local(2026, 3, 1, 9)));
        await AtRiskAsync(crm, churn);
        (await churn.EvaluateAsync(C1)).WinBack.Should().Be(WinBackStatus.NoConsent);

        crm.Clock.Advance(Duration.FromHours(1));
        await crm.Manager.RecordConsentAsync(Withdrawal("g-2", Local(2026, 4, 10, 13)) with { Granted = true, OperatorId = null });
        var evaluation = await churn.EvaluateAsync(C1);

        evaluation.WinBack.Should().Be(WinBackStatus.ActionTaken);
        evaluation.Contact.Should().ContainSingle().Which.Record!.Id.Should().Be("g-2");
        issuer.Calls.Should().Be(1);
        events.Events.OfType<WinBackEvent>().Should().ContainSingle().Which.Channels.Should().Be(ContactChannels.Sms);

        // Asked about 12:30, before the grant was recorded, the audit still gives the withdrawal; about now, the grant.
        (await crm.Manager.DecideContactAsync(C1, ConsentPurpose.Marketing, ContactChannels.Sms, Local(2026, 4, 10, 12, 30))).Reason.Should().Be(ContactDecisionReason.Withdrawn);
        (await crm.Manager.DecideContactAsync(C1, ConsentPurpose.Marketing, ContactChannels.Sms)).Record!.Id.Should().Be("g-2");
    }

    [Fact]
    public async Task Evaluate_OnlySurveysConsent_NoMarketingRecordSoNothingIsSent()
    {
        var (crm, churn, issuer, _) = Create(Policy(), Local(2026, 4, 10));
        await crm.Manager.RegisterCustomerAsync(new CustomerProfile { Id = C1, JoinedAt = Instant.FromUtc(2025, 1, 1, 0, 0) });
        await crm.Manager.GrantAsync(C1, ContactChannels.Sms, ConsentPurpose.Surveys);
        await AtRiskAsync(crm, churn);

        var evaluation = await churn.EvaluateAsync(C1);

        evaluation.WinBack.Should().Be(WinBackStatus.NoConsent);
        evaluation.Contact.Should().ContainSingle().Which.Reason.Should().Be(ContactDecisionReason.NoConsentRecord);
        issuer.Calls.Should().Be(0);
    }
}
