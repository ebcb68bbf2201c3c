using Crm.TestUtils;
using NodaTime;
using static Crm.TestUtils.Facts;

namespace Crm.Feedback.Tests.Surveys;

/// <summary>With <see cref="FeedbackOptions.InviteOnPurchase"/>, recording a purchase decides its invitation in the purchase's unit of work.</summary>
public sealed class InviteOnPurchaseTests
{
    private static FeedbackWorld World(bool inviteOnPurchase) =>
        FeedbackWorld.Create(new LocalDateTime(2026, 6, 1, 12, 0), o =>
        {
            o.InviteOnPurchase = inviteOnPurchase;
            o.Policy = new FeedbackPolicy { SurveyRules = [new SurveyRule { Name = "all", SurveyId = "nps", CapDays = 30, Via = ContactChannels.Sms }] };
        });

    [Fact]
    public async Task RecordPurchase_ConsentedCustomer_WritesTheInvitationRaisesOneEventAndReplaysWithoutWriting()
    {
        using var world = World(inviteOnPurchase: true);
        var at = FeedbackWorld.Local(2026, 6, 1, 12, 0);
        await world.Crm.Manager.RegisterCustomerAsync(new CustomerProfile { Id = new CustomerId("c1"), JoinedAt = at });
        await world.Crm.Manager.GrantAsync(new CustomerId("c1"), ContactChannels.Sms, ConsentPurpose.Surveys);
        var purchase = Purchase("p1", "c1", at, Line("1", 18m));

        var first = await world.Crm.Manager.RecordPurchaseAsync(purchase);
        world.SetLocal(2026, 6, 2, 12, 0);
        var second = await world.Crm.Manager.RecordPurchaseAsync(Purchase("p2", "c1", at + Duration.FromDays(1), Line("1", 18m)));
        var replay = await world.Crm.Manager.RecordPurchaseAsync(purchase);

        first.GetOutcome<SurveyInvitationDecision>()!.Outcome.Should().Be(InvitationOutcome.Invited);
        second.GetOutcome<SurveyInvitationDecision>()!.Outcome.Should().Be(InvitationOutcome.Capped);
        replay.IsReplay.Should().BeTrue();
        replay.GetOutcome<SurveyInvitationDecision>().Should().BeEquivalentTo(new { Outcome = InvitationOutcome.Invited, IsReplay = true });
        (await world.Store.FindInvitationAsync("p1"))!.InvitedAt.Should().Be(at);
        world.Events.All.OfType<SurveyInvitedEvent>().Should().ContainSingle().Which.EventId.Should().Be("survey-invited:p1");
    }

    [Fact]
    public async Task RecordPurchase_OptionOff_DecidesNothing()
    {
        using var world = World(inviteOnPurchase: false);
        var at = FeedbackWorld.Local(2026, 6, 1, 12, 0);
        await world.Crm.Manager.RegisterCustomerAsync(new CustomerProfile { Id = new CustomerId("c1"), JoinedAt = at });
        await world.Crm.Manager.GrantAsync(new CustomerId("c1"), ContactChannels.Sms, ConsentPurpose.Surveys);

        var result = await world.Crm.Manager.RecordPurchaseAsync(Purchase("p1", "c1", at, Line("1", 18m)));

        result.GetOutcome<SurveyInvitationDecision>().Should().BeNull();
        (await world.Store.FindInvitationAsync("p1")).Should().BeNull();
    }
}
