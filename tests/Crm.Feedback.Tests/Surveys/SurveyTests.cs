using Crm.Feedback.Internal;
using Crm.TestUtils;
using NodaTime;

namespace Crm.Feedback.Tests.Surveys;

/// <summary>Invitations by rule (sampling, cap, consent), responses and replays.</summary>
public sealed class SurveyTests
{
    private static readonly Instant June1 = FeedbackWorld.Local(2026, 6, 1, 12, 0);

    private static FeedbackWorld World(decimal rate = 1m, int capDays = 30, ContactChannels via = ContactChannels.Sms) =>
        FeedbackWorld.Create(new LocalDateTime(2026, 6, 1, 12, 0), o => o.Policy = new FeedbackPolicy
        {
            SurveyRules =
            [
                new SurveyRule { Name = "app-orders", SurveyId = "nps-app", SalesChannels = [SalesChannel.App], SamplingRate = rate, CapDays = capDays, Via = ContactChannels.App },
                new SurveyRule { Name = "stores", SurveyId = "nps-store", Stores = ["sh-001", "sh-002"], SamplingRate = rate, CapDays = capDays, Via = via },
            ],
        });

    private static async Task Register(FeedbackWorld world, string customer, ContactChannels consents)
    {
        await world.Crm.Manager.RegisterCustomerAsync(new CustomerProfile { Id = new CustomerId(customer), JoinedAt = June1 - Duration.FromDays(100) });
        await world.Crm.Manager.GrantAsync(new CustomerId(customer), consents, ConsentPurpose.Surveys);
    }

    private static SurveyInvitationRequest Purchase(string customer, string purchase, Instant at, string store = "sh-001", SalesChannel channel = SalesChannel.InStore) =>
        new() { CustomerId = new CustomerId(customer), PurchaseId = purchase, StoreId = store, SalesChannel = channel, PurchasedAt = at };

    [Fact]
    public async Task Invite_ConsentedMatchingPurchase_WritesAnInvitationByTheFirstMatchingRule()
    {
        using var world = World();
        await Register(world, "c1", ContactChannels.Sms | ContactChannels.App);

        var inStore = await world.Manager.InviteAfterPurchaseAsync(Purchase("c1", "p1", June1));
        var app = await world.Manager.InviteAfterPurchaseAsync(Purchase("c1", "p2", June1 + Duration.FromDays(40), "sh-009", SalesChannel.App));

        inStore.Outcome.Should().Be(InvitationOutcome.Invited);
        inStore.Invitation!.Should().BeEquivalentTo(new { Id = "p1", SurveyId = "nps-store", RuleName = "stores", Via = ContactChannels.Sms, InvitedAt = June1 });
        app.Invitation!.RuleName.Should().Be("app-orders");
        (await world.Store.FindInvitationAsync("p1")).Should().Be(inStore.Invitation);
    }

    [Fact]
    public async Task Invite_NoMatchingRule_IsNoRule()
    {
        using var world = World();
        await Register(world, "c1", ContactChannels.Sms);

        var decision = await world.Manager.InviteAfterPurchaseAsync(Purchase("c1", "p1", June1, "bj-001"));

        decision.Outcome.Should().Be(InvitationOutcome.NoRule);
        (await world.Store.FindInvitationAsync("p1")).Should().BeNull();
    }

    [Fact]
    public async Task Invite_WithoutConsentForTheRulesChannel_IsNoConsentAndWritesNothing()
    {
        using var world = World();
        await Register(world, "c1", ContactChannels.Email);

        var emailOnly = await world.Manager.InviteAfterPurchaseAsync(Purchase("c1", "p1", June1));
        var unknown = await world.Manager.InviteAfterPurchaseAsync(Purchase("c2", "p2", June1));

        emailOnly.Outcome.Should().Be(InvitationOutcome.NoConsent);
        unknown.Outcome.Should().Be(InvitationOutcome.NoConsent);
        (await world.Store.FindLatestInvitationAsync(new CustomerId("c1"), Instant.MaxValue)).Should().BeNull();
    }

    [Fact]
    public async Task Invite_MarketingConsentOnly_IsNoConsentBecauseSurveysNeedTheirOwn()
    {
        using var world = World();
        await world.Crm.Manager.RegisterCustomerAsync(new CustomerProfile { Id = new CustomerId("c1"), JoinedAt = June1 - Duration.FromDays(100) });
        await world.Crm.Manager.GrantAsync(new CustomerId("c1"), ContactChannels.Sms, ConsentPurpose.Marketing);

        var decision = await world.Manager.InviteAfterPurchaseAsync(Purchase("c1", "p1", June1));

        decision.Outcome.Should().Be(InvitationOutcome.NoConsent);
        decision.Contact!.Reason.Should().Be(ContactDecisionReason.NoConsentRecord);
        decision.Contact.Purpose.Should().Be(ConsentPurpose.Surveys);
        (await world.Store.FindInvitationAsync("p1")).Should().BeNull();
    }

    [Fact]
    public async Task Invite_ErasedCustomer_IsNoConsent()
    {
        using var world = World();
        await Register(world, "c1", ContactChannels.Sms);
        await world.Crm.Manager.EraseCustomerPersonalDataAsync(new CustomerId("c1"));

        (await world.Manager.InviteAfterPurchaseAsync(Purchase("c1", "p1", June1))).Outcome.Should().Be(InvitationOutcome.NoConsent);
    }

    [Fact]
    public async Task Invite_WithinCapDays_IsCappedCountedInLocalDays()
    {
        using var world = World(capDays: 30);
        await Register(world, "c1", ContactChannels.Sms);

        // 1 June 12:00, then 1 July 07:00 in Shanghai (30 local days later, though less than 30 × 24 h), and 30 June 23:00 (29 days).
        var first = await world.Manager.InviteAfterPurchaseAsync(Purchase("c1", "p1", June1));
        var day29 = await world.Manager.InviteAfterPurchaseAsync(Purchase("c1", "p2", FeedbackWorld.Local(2026, 6, 30, 23, 0)));
        var day30 = await world.Manager.InviteAfterPurchaseAsync(Purchase("c1", "p3", FeedbackWorld.Local(2026, 7, 1, 7, 0)));

        first.Outcome.Should().Be(InvitationOutcome.Invited);
        day29.Outcome.Should().Be(InvitationOutcome.Capped);
        day30.Outcome.Should().Be(InvitationOutcome.Invited);
    }

    [Fact]
    public async Task Invite_Sampling_DecidesByHashTheSameEveryTime()
    {
        using var world = World(rate: 0.3m, capDays: 0);
        await Register(world, "c1", ContactChannels.Sms);
        var purchases = Enumerable.Range(0, 1000).Select(i => Purchase("c1", $"p{i}", June1 + Duration.FromMinutes(i))).ToList();

        var decisions = new List<InvitationOutcome>();
        foreach (var purchase in purchases)
        {
            decisions.Add((await world.Manager.InviteAfterPurchaseAsync(purchase)).Outcome);
        }

        var invited = decisions.Count(d => d == InvitationOutcome.Invited);
        decisions.Should().OnlyContain(d => d == InvitationOutcome.Invited || d == InvitationOutcome.NotSampled);

        // Binomial(1000, 0.3): mean 300, standard deviation 14.5; 240 to 360 is more than four deviations each side.
        invited.Should().BeInRange(240, 360);
        using var other = World(rate: 0.3m, capDays: 0);
        await Register(other, "c1", ContactChannels.Sms);
        for (var i = 0; i < 50; i++)
        {
            (await other.Manager.InviteAfterPurchaseAsync(purchases[i])).Outcome.Should().Be(decisions[i], "purchase {0} is decided by its hash", i);
        }
    }

    [Theory]
    [InlineData(0.0, 0)]
    [InlineData(1.0, 200)]
    public async Task Invite_SamplingRateZeroOrOne_InvitesNoneOrAll(double rate, int expected)
    {
        using var world = World(rate: (decimal)rate, capDays: 0);
        await Register(world, "c1", ContactChannels.Sms);

        var invited = 0;
        for (var i = 0; i < 200; i++)
        {
            invited += (await world.Manager.InviteAfterPurchaseAsync(Purchase("c1", $"p{i}", June1))).Outcome == InvitationOutcome.Invited ? 1 : 0;
        }

        invited.Should().Be(expected);
    }

    [Fact]
    public void Draw_IsSpreadEvenly()
    {
        var draws = Enumerable.Range(0, 10_000).Select(i => Sampling.Draw(new CustomerId("c" + (i % 37)), "p" + i)).ToList();

        draws.Should().OnlyContain(d => d >= 0 && d < 1);
        draws.Count(d => d < 0.5).Should().BeInRange(4800, 5200);
    }

    [Fact]
    public async Task Invite_Replay_ReturnsTheInvitationAndWritesNothingEvenAfterConsentIsWithdrawn()
    {
        using var world = World();
        await Register(world, "c1", ContactChannels.Sms);
        var first = await world.Manager.InviteAfterPurchaseAsync(Purchase("c1", "p1", June1));
        await world.Crm.Manager.RecordConsentAsync(new ConsentRecord { Id = "w1", CustomerId = new CustomerId("c1"), Purpose = ConsentPurpose.Surveys, Channel = ContactChannels.Sms, Granted = false, PolicyVersion = "v1", Source = "app", At = June1 });

        var again = await world.Manager.InviteAfterPurchaseAsync(Purchase("c1", "p1", June1));

        again.Should().Be(first with { IsReplay = true, Contact = null });
    }

    [Fact]
    public async Task Invite_SamePurchaseOtherCustomer_IsRefused()
    {
        using var world = World();
        await Register(world, "c1", ContactChannels.Sms);
        await world.Manager.InviteAfterPurchaseAsync(Purchase("c1", "p1", June1));

        var act = () => world.Manager.InviteAfterPurchaseAsync(Purchase("c2", "p1", June1));

        (await act.Should().ThrowAsync<CrmValidationException>()).Which.ErrorCode.Should().Be(FeedbackErrorCodes.IdReused);
    }

    [Fact]
    public async Task RecordResponse_WithoutInvitationAnonymous_IsAccepted()
    {
        using var world = World();

        var result = await world.Manager.RecordResponseAsync(new SurveyResponse { Id = "qr-1", SurveyId = "till", StoreId = "sh-001", RespondedAt = June1, Nps = 3 });

        result.IsReplay.Should().BeFalse();
        (await world.Store.FindResponseAsync("qr-1"))!.Nps.Should().Be(3);
        world.Events.All.Should().BeEmpty("an anonymous detractor names nobody to call back");
    }

    [Fact]
    public async Task RecordResponse_KnownDetractor_RaisesAnEventOnceAndReplaysWithoutWriting()
    {
        using var world = World();
        await Register(world, "c1", ContactChannels.Sms);
        var invitation = (await world.Manager.InviteAfterPurchaseAsync(Purchase("c1", "p1", June1))).Invitation!;
        var response = new SurveyResponse
        {
            Id = "r1",
            SurveyId = "nps-store",
            StoreId = "sh-001",
            CustomerId = new CustomerId("c1"),
            InvitationId = invitation.Id,
            RespondedAt = June1 + Duration.FromHours(2),
            Nps = 6,
            Csat = 2,
            Ratings = new Dictionary<string, int> { ["taste"] = 4, ["wait"] = 1 },
            Comment = "Too sweet and slow",
        };

        world.SetLocal(2026, 6, 1, 14, 0);
        await world.Manager.RecordResponseAsync(response);
        var again = await world.Manager.RecordResponseAsync(response with { Ratings = new Dictionary<string, int> { ["wait"] = 1, ["taste"] = 4 } });

        again.IsReplay.Should().BeTrue();
        world.Events.All.OfType<DetractorResponseEvent>().Should().ContainSingle().Which.EventId.Should().Be("detractor:r1");
    }

    [Fact]
    public async Task RecordResponse_SameIdOtherScore_IsRefused()
    {
        using var world = World();
        var response = new SurveyResponse { Id = "r1", SurveyId = "till", StoreId = "sh-001", RespondedAt = June1, Nps = 9 };
        await world.Manager.RecordResponseAsync(response);

        var act = () => world.Manager.RecordResponseAsync(response with { Nps = 10 });

        (await act.Should().ThrowAsync<CrmValidationException>()).Which.ErrorCode.Should().Be(FeedbackErrorCodes.IdReused);
    }

    [Theory]
    [InlineData(11, null, "nps")]
    [InlineData(-1, null, "nps")]
    [InlineData(null, 0, "csat")]
    [InlineData(null, 6, "csat")]
    [InlineData(null, null, "nps")]
    public async Task RecordResponse_ScoreOutOfRangeOrNone_IsRefusedBeforeAnythingIsWritten(int? nps, int? csat, string field)
    {
        using var world = World();

        var act = () => world.Manager.RecordResponseAsync(new SurveyResponse { Id = "r1", SurveyId = "till", StoreId = "sh-001", RespondedAt = June1, Nps = nps, Csat = csat });

        (await act.Should().ThrowAsync<CrmValidationException>()).Which.Should().Match<CrmValidationException>(e => e.ErrorCode == FeedbackErrorCodes.SurveyInvalid && e.Field == field);
        (await world.Store.FindResponseAsync("r1")).Should().BeNull();
    }

    [Fact]
    public async Task RecordResponse_RatingOutOfRangeOrUnknownInvitation_IsRefused()
    {
        using var world = World();
        var response = new SurveyResponse { Id = "r1", SurveyId = "till", StoreId = "sh-001", RespondedAt = June1, Ratings = new Dictionary<string, int> { ["taste"] = 6 } };

        var rating = () => world.Manager.RecordResponseAsync(response);
        var invitation = () => world.Manager.RecordResponseAsync(response with { Ratings = new Dictionary<string, int> { ["taste"] = 5 }, InvitationId = "nope" });

        (await rating.Should().ThrowAsync<CrmValidationException>()).Which.Field.Should().Be("ratings['taste']");
        (await invitation.Should().ThrowAsync<CrmValidationException>()).Which.Field.Should().Be("invitationId");
    }
}
