using NodaTime;

namespace Crm.Feedback.Tests.Tickets;

/// <summary>A coupon remedy and the ticket's change are one unit of work: an issuer that refuses or fails leaves the ticket as it was.</summary>
public sealed class RemedyCouponTests
{
    private static readonly Instant Friday2130 = FeedbackWorld.Local(2026, 6, 5, 21, 30);

    private static ResolveTicketRequest WithCoupon() => new()
    {
        TicketId = "k1",
        ActionId = "r1",
        StaffId = "s-7",
        Resolution = new TicketResolution { Remedy = TicketRemedy.Coupon, CouponTemplateId = "sorry-10", CustomerInformed = false },
    };

    [Fact]
    public async Task Resolve_IssuerRefuses_IsANoAndWritesNothing()
    {
        using var world = FeedbackWorld.Create(new LocalDateTime(2026, 6, 5, 21, 31), issuer: new RefusingIssuer());
        await world.Manager.RecordInteractionAsync(FeedbackWorld.Complaint("k1", Friday2130));

        var result = await world.Manager.ResolveTicketAsync(WithCoupon());

        result.Should().BeEquivalentTo(new { Succeeded = false, ErrorCode = FeedbackErrorCodes.RemedyCouponRefused, Reason = "budget spent" });
        var ticket = await world.Manager.GetTicketAsync("k1");
        ticket!.Version.Should().Be(1);
        ticket.History.Should().BeEmpty();
    }

    [Fact]
    public async Task Resolve_IssuerWritesThenFails_LeavesNeitherItsWriteNorTheTicketsChange()
    {
        using var world = FeedbackWorld.Create(new LocalDateTime(2026, 6, 5, 21, 31), issuer: new FailingIssuer());
        await world.Manager.RecordInteractionAsync(FeedbackWorld.Complaint("k1", Friday2130));

        var act = () => world.Manager.ResolveTicketAsync(WithCoupon());

        await act.Should().ThrowAsync<InvalidOperationException>();
        (await world.Manager.GetTicketAsync("k1"))!.Version.Should().Be(1);
        (await world.Store.FindNoteAsync("issuer-wrote")).Should().BeNull("the issuer's write was in the unit that never committed");
    }

    /// <summary>Refuses every coupon, as an issuer whose budget ran out does.</summary>
    private sealed class RefusingIssuer : ICouponIssuer
    {
        public Task<CouponIssueResult> IssueCouponAsync(CouponIssueRequest request, IStoreUnitOfWork unitOfWork, CancellationToken cancellationToken = default) =>
            Task.FromResult(new CouponIssueResult { Succeeded = false, CouponId = null, IsReplay = false, Reason = "budget spent" });
    }

    /// <summary>Writes through the unit, then fails: nothing of the unit may be applied.</summary>
    private sealed class FailingIssuer : ICouponIssuer
    {
        public async Task<CouponIssueResult> IssueCouponAsync(CouponIssueRequest request, IStoreUnitOfWork unitOfWork, CancellationToken cancellationToken = default)
        {
            await unitOfWork.GetStore<IFeedbackStore>().AddNoteAsync(new CustomerNote { Id = "issuer-wrote", CustomerId = request.CustomerId, AuthorId = "issuer", Text = "x" }, cancellationToken);
            throw new InvalidOperationException("The coupon system is down.");
        }
    }
}
