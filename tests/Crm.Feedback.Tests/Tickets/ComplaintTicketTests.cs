using NodaTime;

namespace Crm.Feedback.Tests.Tickets;

/// <summary>Complaints, their tickets and SLAs, through <see cref="FeedbackManager"/> on in-memory storage.</summary>
public sealed class ComplaintTicketTests
{
    private static readonly Instant Friday2130 = FeedbackWorld.Local(2026, 6, 5, 21, 30);

    private static ResolveTicketRequest Resolve(string ticket, string action, TicketResolution? resolution = null) => new()
    {
        TicketId = ticket,
        ActionId = action,
        StaffId = "s-7",
        Resolution = resolution ?? new TicketResolution { Remedy = TicketRemedy.Apology, CustomerInformed = true },
    };

    private static TicketActionRequest Action(string ticket, string action) => new() { TicketId = ticket, ActionId = action, StaffId = "s-7" };

    [Fact]
    public async Task RecordInteraction_ComplaintFriday2130_OpensTicketDueSaturday1030AndRaisesEvent()
    {
        using var world = FeedbackWorld.Create(new LocalDateTime(2026, 6, 5, 21, 31));

        var result = await world.Manager.RecordInteractionAsync(FeedbackWorld.Complaint("k1", Friday2130));

        result.IsReplay.Should().BeFalse();
        var ticket = result.Ticket!;
        ticket.Status.Should().Be(TicketStatus.Open);
        ticket.Version.Should().Be(1);
        ticket.AcknowledgeDueAt.Should().Be(FeedbackWorld.Local(2026, 6, 6, 10, 30));
        ticket.ResolveDueAt.Should().Be(FeedbackWorld.Local(2026, 6, 9, 17, 30));
        world.Events.All.Should().ContainSingle().Which.Should().BeOfType<TicketOpenedEvent>().Which.EventId.Should().Be("ticket-opened:k1");
        (await world.Manager.GetTicketAsync("k1")).Should().BeEquivalentTo(ticket);
    }

    [Fact]
    public async Task RecordInteraction_HygieneComplaint_UsesItsCategoryTarget()
    {
        using var world = FeedbackWorld.Create(new LocalDateTime(2026, 6, 5, 21, 31));

        var ticket = (await world.Manager.RecordInteractionAsync(FeedbackWorld.Complaint("k1", Friday2130, FeedbackCategory.Hygiene))).Ticket!;

        ticket.AcknowledgeDueAt.Should().Be(FeedbackWorld.Local(2026, 6, 6, 9, 30));
    }

    [Fact]
    public async Task RecordInteraction_Praise_OpensNoTicket()
    {
        using var world = FeedbackWorld.Create(new LocalDateTime(2026, 6, 5, 21, 31));

        var result = await world.Manager.RecordInteractionAsync(FeedbackWorld.Complaint("k1", Friday2130) with { Kind = InteractionKind.Praise });

        result.Ticket.Should().BeNull();
        (await world.Store.FindTicketAsync("k1")).Should().BeNull();
        world.Events.All.Should().BeEmpty();
    }

    [Fact]
    public async Task RecordInteraction_Replay_ReturnsTheStoredTicketAndWritesNothing()
    {
        using var world = FeedbackWorld.Create(new LocalDateTime(2026, 6, 5, 21, 31));
        await world.Manager.RecordInteractionAsync(FeedbackWorld.Complaint("k1", Friday2130));
        await world.Manager.AcknowledgeTicketAsync(Action("k1", "a1"));

        var again = await world.Manager.RecordInteractionAsync(FeedbackWorld.Complaint("k1", Friday2130));

        again.IsReplay.Should().BeTrue();
        again.Ticket!.Status.Should().Be(TicketStatus.Acknowledged);
        again.Ticket.Version.Should().Be(2);
        world.Events.All.Should().ContainSingle();
    }

    [Fact]
    public async Task RecordInteraction_SameIdOtherContent_IsRefusedAndKeepsTheFirst()
    {
        using var world = FeedbackWorld.Create(new LocalDateTime(2026, 6, 5, 21, 31));
        await world.Manager.RecordInteractionAsync(FeedbackWorld.Complaint("k1", Friday2130));

        var act = () => world.Manager.RecordInteractionAsync(FeedbackWorld.Complaint("k1", Friday2130, FeedbackCategory.Taste));

        (await act.Should().ThrowAsync<CrmValidationException>()).Which.ErrorCode.Should().Be(FeedbackErrorCodes.IdReused);
        (await world.Manager.GetInteractionAsync("k1"))!.Category.Should().Be(FeedbackCategory.WaitTime);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" k1")]
    public async Task RecordInteraction_BadId_IsRefusedBeforeAnythingIsWritten(string id)
    {
        using var world = FeedbackWorld.Create(new LocalDateTime(2026, 6, 5, 21, 31));

        var act = () => world.Manager.RecordInteractionAsync(FeedbackWorld.Complaint(id, Friday2130));

        (await act.Should().ThrowAsync<CrmValidationException>()).Which.ErrorCode.Should().Be(FeedbackErrorCodes.InteractionInvalid);
        (await world.Store.ListInteractionsAsync(Instant.MinValue, Instant.MaxValue, null, 10)).Should().BeEmpty();
    }

    [Fact]
    public async Task RecordInteraction_UndefinedCategoryOrTooLongText_IsRefused()
    {
        using var world = FeedbackWorld.Create(new LocalDateTime(2026, 6, 5, 21, 31));

        var category = () => world.Manager.RecordInteractionAsync(FeedbackWorld.Complaint("k1", Friday2130, (FeedbackCategory)99));
        var text = () => world.Manager.RecordInteractionAsync(FeedbackWorld.Complaint("k2", Friday2130) with { Text = new string('x', 4001) });

        (await category.Should().ThrowAsync<CrmValidationException>()).Which.ErrorCode.Should().Be(FeedbackErrorCodes.InteractionInvalid);
        (await text.Should().ThrowAsync<CrmValidationException>()).Which.Field.Should().Be("text");
    }

    [Fact]
    public async Task RecordInteraction_DatedAfterTheClockSkew_IsRefused()
    {
        using var world = FeedbackWorld.Create(new LocalDateTime(2026, 6, 5, 21, 0));

        var withinSkew = await world.Manager.RecordInteractionAsync(FeedbackWorld.Complaint("k1", FeedbackWorld.Local(2026, 6, 5, 21, 5)));
        var act = () => world.Manager.RecordInteractionAsync(FeedbackWorld.Complaint("k2", Friday2130));

        withinSkew.Ticket.Should().NotBeNull();
        (await act.Should().ThrowAsync<CrmValidationException>()).Which.Field.Should().Be("occurredAt");
    }

    [Fact]
    public async Task Lifecycle_AcknowledgeResolveCloseReopen_MovesStatusAndRestartsTheResolveSla()
    {
        using var world = FeedbackWorld.Create(new LocalDateTime(2026, 6, 5, 21, 31));
        await world.Manager.RecordInteractionAsync(FeedbackWorld.Complaint("k1", Friday2130));

        world.SetLocal(2026, 6, 6, 9, 15);
        var acknowledged = await world.Manager.AcknowledgeTicketAsync(Action("k1", "a1"));
        world.SetLocal(2026, 6, 6, 15, 0);
        var resolved = await world.Manager.ResolveTicketAsync(Resolve("k1", "a2"));
        var closed = await world.Manager.CloseTicketAsync(Action("k1", "a3"));
        world.SetLocal(2026, 6, 8, 20, 0);
        var reopened = await world.Manager.ReopenTicketAsync(Action("k1", "a4"));

        acknowledged.Ticket.Status.Should().Be(TicketStatus.Acknowledged);
        acknowledged.Ticket.AcknowledgedAt.Should().Be(FeedbackWorld.Local(2026, 6, 6, 9, 15));
        resolved.Ticket.Status.Should().Be(TicketStatus.Resolved);
        resolved.Ticket.Resolution!.CustomerInformed.Should().BeTrue();
        closed.Ticket.Status.Should().Be(TicketStatus.Closed);
        var ticket = reopened.Ticket;
        ticket.Status.Should().Be(TicketStatus.Open);
        ticket.ReopenCount.Should().Be(1);
        ticket.Resolution.Should().BeNull();
        ticket.Version.Should().Be(5);
        ticket.History.Select(h => h.Action).Should().Equal(TicketAction.Acknowledge, TicketAction.Resolve, TicketAction.Close, TicketAction.Reopen);

        // Reopened Monday 20:00: 2 h Monday, 13 h Tuesday to Thursday = 41 h, 7 h more from 9:00 on Friday.
        ticket.ResolveDueAt.Should().Be(FeedbackWorld.Local(2026, 6, 12, 16, 0));
        ticket.AcknowledgeDueAt.Should().Be(FeedbackWorld.Local(2026, 6, 6, 10, 30));
    }

    [Fact]
    public async Task Actions_NotAllowedInStatus_AreANoAndWriteNothing()
    {
        using var world = FeedbackWorld.Create(new LocalDateTime(2026, 6, 5, 21, 31));
        await world.Manager.RecordInteractionAsync(FeedbackWorld.Complaint("k1", Friday2130));

        var reopen = await world.Manager.ReopenTicketAsync(Action("k1", "a1"));
        await world.Manager.CloseTicketAsync(Action("k1", "a2"));
        var acknowledge = await world.Manager.AcknowledgeTicketAsync(Action("k1", "a3"));
        var resolve = await world.Manager.ResolveTicketAsync(Resolve("k1", "a4"));

        new[] { reopen, acknowledge, resolve }.Should().OnlyContain(r => !r.Succeeded && r.ErrorCode == FeedbackErrorCodes.TicketState);
        (await world.Manager.GetTicketAsync("k1"))!.Version.Should().Be(2);
    }

    [Fact]
    public async Task Resolve_WithCoupon_IssuesItOnceUnderTheActionKeyAndReplaysWithoutWriting()
    {
        using var world = FeedbackWorld.Create(new LocalDateTime(2026, 6, 5, 21, 31));
        await world.Manager.RecordInteractionAsync(FeedbackWorld.Complaint("k1", Friday2130));
        var resolution = new TicketResolution { Remedy = TicketRemedy.Apology | TicketRemedy.Coupon, CouponTemplateId = "sorry-10", CustomerInformed = true };

        var first = await world.Manager.ResolveTicketAsync(Resolve("k1", "r1", resolution));
        var again = await world.Manager.ResolveTicketAsync(Resolve("k1", "r1", resolution));

        first.Succeeded.Should().BeTrue();
        first.Ticket.Resolution!.CouponId.Should().Be("coupon-feedback-remedy:k1:r1");
        again.IsReplay.Should().BeTrue();
        again.Ticket.Version.Should().Be(2);
        world.Issuer.Issued.Should().ContainSingle().Which.Should().Be(new CouponIssueRequest(new CustomerId("c1"), "sorry-10", CouponIssueReason.Manual, "feedback-remedy:k1:r1"));
    }

    [Fact]
    public async Task Resolve_SameActionIdOtherResolution_IsRefused()
    {
        using var world = FeedbackWorld.Create(new LocalDateTime(2026, 6, 5, 21, 31));
        await world.Manager.RecordInteractionAsync(FeedbackWorld.Complaint("k1", Friday2130));
        await world.Manager.ResolveTicketAsync(Resolve("k1", "r1"));

        var act = () => world.Manager.ResolveTicketAsync(Resolve("k1", "r1", new TicketResolution { Remedy = TicketRemedy.Points, Points = 100, CustomerInformed = false }));

        (await act.Should().ThrowAsync<CrmValidationException>()).Which.ErrorCode.Should().Be(FeedbackErrorCodes.IdReused);
    }

    [Fact]
    public async Task Resolve_CouponWithoutIssuer_IsRefusedBeforeAnythingIsWritten()
    {
        using var world = FeedbackWorld.Create(new LocalDateTime(2026, 6, 5, 21, 31), withIssuer: false);
        await world.Manager.RecordInteractionAsync(FeedbackWorld.Complaint("k1", Friday2130));

        var act = () => world.Manager.ResolveTicketAsync(Resolve("k1", "r1", new TicketResolution { Remedy = TicketRemedy.Coupon, CouponTemplateId = "sorry-10", CustomerInformed = true }));

        (await act.Should().ThrowAsync<CrmValidationException>()).Which.ErrorCode.Should().Be(FeedbackErrorCodes.RemedyCouponRefused);
        (await world.Manager.GetTicketAsync("k1"))!.Version.Should().Be(1);
    }

    [Theory]
    [InlineData(TicketRemedy.None, null, null)]
    [InlineData(TicketRemedy.Refund, null, null)]
    [InlineData(TicketRemedy.Apology, "12.00", null)]
    [InlineData(TicketRemedy.Refund, "-1.00", null)]
    [InlineData(TicketRemedy.Refund, "1.005", null)]
    [InlineData(TicketRemedy.Points, null, 0L)]
    public async Task Resolve_MalformedResolution_IsRefused(TicketRemedy remedy, string? refund, long? points)
    {
        using var world = FeedbackWorld.Create(new LocalDateTime(2026, 6, 5, 21, 31));
        await world.Manager.RecordInteractionAsync(FeedbackWorld.Complaint("k1", Friday2130));
        var resolution = new TicketResolution
        {
            Remedy = remedy,
            RefundAmount = refund is null ? null : new Money(decimal.Parse(refund, System.Globalization.CultureInfo.InvariantCulture), Currency.CNY),
            Points = points,
            CustomerInformed = true,
        };

        var act = () => world.Manager.ResolveTicketAsync(Resolve("k1", "r1", resolution));

        (await act.Should().ThrowAsync<CrmValidationException>()).Which.ErrorCode.Should().Be(FeedbackErrorCodes.ResolutionInvalid);
    }

    [Fact]
    public async Task Resolve_RefundInAnotherCurrency_IsRefused()
    {
        using var world = FeedbackWorld.Create(new LocalDateTime(2026, 6, 5, 21, 31));
        await world.Manager.RecordInteractionAsync(FeedbackWorld.Complaint("k1", Friday2130));

        var act = () => world.Manager.ResolveTicketAsync(Resolve("k1", "r1", new TicketResolution { Remedy = TicketRemedy.Refund, RefundAmount = new Money(12m, Currency.USD), CustomerInformed = true }));

        (await act.Should().ThrowAsync<CrmValidationException>()).Which.Field.Should().Be("resolution.refundAmount");
    }

    [Fact]
    public async Task Resolve_UnknownTicket_IsRefused()
    {
        using var world = FeedbackWorld.Create(new LocalDateTime(2026, 6, 5, 21, 31));

        var act = () => world.Manager.ResolveTicketAsync(Resolve("nope", "r1"));

        (await act.Should().ThrowAsync<CrmValidationException>()).Which.ErrorCode.Should().Be(FeedbackErrorCodes.TicketNotFound);
    }

    [Fact]
    public async Task Resolve_ManyAtOnce_ExactlyOneWins()
    {
        using var world = FeedbackWorld.Create(new LocalDateTime(2026, 6, 5, 21, 31));
        await world.Manager.RecordInteractionAsync(FeedbackWorld.Complaint("k1", Friday2130));

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => world.Manager.ResolveTicketAsync(Resolve("k1", "r" + i)))));

        results.Count(r => r.Succeeded).Should().Be(1);
        results.Where(r => !r.Succeeded).Should().OnlyContain(r => r.ErrorCode == FeedbackErrorCodes.TicketState);
        var ticket = await world.Manager.GetTicketAsync("k1");
        ticket!.Version.Should().Be(2);
        ticket.History.Should().ContainSingle();
    }

    [Fact]
    public async Task ListSlaBreaches_PerStore_ListsOverdueTicketsInPagesAndPublishesEachOnce()
    {
        using var world = FeedbackWorld.Create(new LocalDateTime(2026, 6, 6, 8, 0));
        await world.Manager.RecordInteractionAsync(FeedbackWorld.Complaint("k1", FeedbackWorld.Local(2026, 6, 5, 12, 0)));
        await world.Manager.RecordInteractionAsync(FeedbackWorld.Complaint("k2", FeedbackWorld.Local(2026, 6, 5, 13, 0)));
        await world.Manager.RecordInteractionAsync(FeedbackWorld.Complaint("k3", FeedbackWorld.Local(2026, 6, 5, 14, 0)));
        await world.Manager.RecordInteractionAsync(FeedbackWorld.Complaint("k4", FeedbackWorld.Local(2026, 6, 5, 12, 0), store: "sh-002"));
        await world.Manager.RecordInteractionAsync(FeedbackWorld.Complaint("k5", FeedbackWorld.Local(2026, 6, 5, 21, 30)));
        world.SetLocal(2026, 6, 5, 13, 30);
        await world.Manager.AcknowledgeTicketAsync(Action("k2", "a1"));
        world.SetLocal(2026, 6, 6, 8, 0);

        // k1 (due 14:00 Friday) and k3 (due 16:00) are past the acknowledge SLA; k2 was acknowledged in time; k5 is due Saturday 10:30.
        var first = await world.Manager.ListSlaBreachesAsync("sh-001", limit: 1);
        var second = await world.Manager.ListSlaBreachesAsync("sh-001", limit: 1, continuationToken: first.ContinuationToken);
        var rest = await world.Manager.ListSlaBreachesAsync("sh-001", limit: 1, continuationToken: second.ContinuationToken);

        first.Breaches.Select(b => (b.Ticket.Id, b.Stage)).Should().Equal(("k1", SlaStage.Acknowledge));
        second.Breaches.Select(b => b.Ticket.Id).Should().Equal("k3");
        second.Breaches[0].DueAt.Should().Be(FeedbackWorld.Local(2026, 6, 5, 16, 0));
        rest.Breaches.Should().BeEmpty();
        rest.ContinuationToken.Should().BeNull();

        (await world.Manager.PublishSlaBreachesAsync(Instant.MinValue)).Should().Be(3);
        (await world.Manager.PublishSlaBreachesAsync(Instant.MinValue)).Should().Be(3);
        world.Events.All.OfType<SlaBreachedEvent>().Select(e => e.EventId).Distinct().Should().BeEquivalentTo("sla-breached:k1:Acknowledge:0", "sla-breached:k3:Acknowledge:0", "sla-breached:k4:Acknowledge:0");
    }

    [Fact]
    public async Task ListSlaBreaches_ResolvedLate_IsAResolveBreach()
    {
        using var world = FeedbackWorld.Create(new LocalDateTime(2026, 6, 5, 12, 0));
        await world.Manager.RecordInteractionAsync(FeedbackWorld.Complaint("k1", FeedbackWorld.Local(2026, 6, 5, 12, 0), FeedbackCategory.Hygiene));
        world.SetLocal(2026, 6, 5, 12, 30);
        await world.Manager.AcknowledgeTicketAsync(Action("k1", "a1"));

        // 24 h of 13-hour days from Friday 12:00: 10 h Friday, 13 h Saturday, 1 h Sunday: due Sunday 10:00.
        world.SetLocal(2026, 6, 7, 10, 1);
        await world.Manager.ResolveTicketAsync(Resolve("k1", "r1"));

        var page = await world.Manager.ListSlaBreachesAsync("sh-001");
        page.Breaches.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Stage = SlaStage.Resolve, DueAt = FeedbackWorld.Local(2026, 6, 7, 10, 0) });
    }

    [Fact]
    public async Task ListSlaBreaches_BadToken_IsRefused()
    {
        using var world = FeedbackWorld.Create(new LocalDateTime(2026, 6, 5, 12, 0));

        var act = () => world.Manager.ListSlaBreachesAsync("sh-001", continuationToken: "garbage");

        (await act.Should().ThrowAsync<CrmValidationException>()).Which.ErrorCode.Should().Be(FeedbackErrorCodes.ReportInvalid);
    }
}
