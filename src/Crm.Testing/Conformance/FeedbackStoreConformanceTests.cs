using Crm.Feedback;
using Crm.Testing.Fakes;
using NodaTime;
using Xunit;

namespace Crm.Testing.Conformance;

/// <summary>
/// Checks that an <see cref="IFeedbackStore"/> keeps every promise of its documentation. Derive it in the adapter's test
/// project and override <see cref="CreateStoreAsync"/> and <see cref="CreateUnitOfWorkFactoryAsync"/>.
/// </summary>
/// <remarks>Every test uses fresh ids, stores and a time range of its own, so all tests may share one database.</remarks>
public abstract class FeedbackStoreConformanceTests
{
    /// <summary>Creates the store under test. It may share its database with other tests.</summary>
    /// <returns>The store.</returns>
    protected abstract Task<IFeedbackStore> CreateStoreAsync();

    /// <summary>Creates the adapter's unit-of-work factory over the same database as <see cref="CreateStoreAsync"/>.</summary>
    /// <returns>The factory.</returns>
    protected abstract Task<IStoreUnitOfWorkFactory> CreateUnitOfWorkFactoryAsync();

    private static string Json<T>(T value) => CrmJson.Serialize(value);

    /// <summary>Every method called with a token cancelled before the call throws <see cref="OperationCanceledException"/> and writes nothing.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task EveryMethod_TokenCancelled_ThrowsCanceledAndWritesNothing()
    {
        var store = await CreateStoreAsync();

        await new StoreCalls().AssertEveryMethodThrowsAndWritesNothingAsync(store);
    }

    /// <summary>An interaction and its ticket read back exactly, the ticket at version 1; an interaction without a ticket has none.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task AddInteraction_WithTicket_ReadsBothBackExactly()
    {
        var store = await CreateStoreAsync();
        var complaint = FeedbackRecords.Interaction(ActivityEntries.NewId("k"), ActivityEntries.NewCustomerId(), FeedbackRecords.NewTimeBase());
        var praise = FeedbackRecords.Interaction(ActivityEntries.NewId("k"), complaint.CustomerId, complaint.OccurredAt, InteractionKind.Praise) with { Text = null, StaffId = null, PurchaseId = null };

        Assert.True(await store.AddInteractionAsync(complaint, FeedbackRecords.Ticket(complaint)));
        Assert.True(await store.AddInteractionAsync(praise, null));

        Assert.Equal(complaint, await store.FindInteractionAsync(complaint.Id));
        Assert.Equal(praise, await store.FindInteractionAsync(praise.Id));
        Assert.Equal(Json(FeedbackRecords.Ticket(complaint)), Json(await store.FindTicketAsync(complaint.Id)));
        Assert.Null(await store.FindTicketAsync(praise.Id));
        Assert.Null(await store.FindInteractionAsync(ActivityEntries.NewId("k")));
    }

    /// <summary>Adding an id again returns <see langword="false"/> and leaves the first interaction and ticket as they are.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task AddInteraction_IdTaken_ReturnsFalseAndKeepsTheFirst()
    {
        var store = await CreateStoreAsync();
        var complaint = FeedbackRecords.Interaction(ActivityEntries.NewId("k"), ActivityEntries.NewCustomerId(), FeedbackRecords.NewTimeBase());
        await store.AddInteractionAsync(complaint, FeedbackRecords.Ticket(complaint));
        var other = complaint with { Text = "other", StoreId = "sh-009" };

        Assert.False(await store.AddInteractionAsync(other, FeedbackRecords.Ticket(other)));
        Assert.False(await store.AddInteractionAsync(other, null));

        Assert.Equal(complaint, await store.FindInteractionAsync(complaint.Id));
        Assert.Equal("sh-001", (await store.FindTicketAsync(complaint.Id))!.StoreId);
    }

    /// <summary>In a unit of work, an id taken makes the commit throw <see cref="CrmConcurrencyException"/> and apply nothing.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task AddInteraction_IdTakenInAUnit_CommitThrowsAndAppliesNothing()
    {
        var store = await CreateStoreAsync();
        var units = await CreateUnitOfWorkFactoryAsync();
        var customer = ActivityEntries.NewCustomerId();
        var at = FeedbackRecords.NewTimeBase();
        var taken = FeedbackRecords.Interaction(ActivityEntries.NewId("k"), customer, at);
        var fresh = FeedbackRecords.Interaction(ActivityEntries.NewId("k"), customer, at);
        await store.AddInteractionAsync(taken, null);

        await using (var unit = await units.BeginAsync())
        {
            var bound = unit.GetStore<IFeedbackStore>();
            await bound.AddInteractionAsync(fresh, FeedbackRecords.Ticket(fresh));
            await bound.AddInteractionAsync(taken with { Text = "again" }, null);
            await Assert.ThrowsAsync<CrmConcurrencyException>(() => unit.CommitAsync());
        }

        Assert.Null(await store.FindInteractionAsync(fresh.Id));
        Assert.Null(await store.FindTicketAsync(fresh.Id));
        Assert.Equal(taken, await store.FindInteractionAsync(taken.Id));
    }

    /// <summary>A ticket saved over its version reads back exactly with the next version, also through a unit of work once committed.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task SaveTicket_ExpectedVersion_IncrementsTheVersionAndReadsBack()
    {
        var store = await CreateStoreAsync();
        var complaint = FeedbackRecords.Interaction(ActivityEntries.NewId("k"), ActivityEntries.NewCustomerId(), FeedbackRecords.NewTimeBase());
        var opened = FeedbackRecords.Ticket(complaint);
        await store.AddInteractionAsync(complaint, opened);
        var resolution = new TicketResolution
        {
            Remedy = TicketRemedy.Apology | TicketRemedy.Refund | TicketRemedy.Coupon | TicketRemedy.Points,
            RefundAmount = new Money(12.5m, Currency.CNY),
            CouponTemplateId = "sorry",
            CouponId = "C-1",
            Points = 100,
            CustomerInformed = true,
        };
        var resolved = opened with
        {
            Status = TicketStatus.Resolved,
            AcknowledgedAt = opened.OpenedAt + Duration.FromMinutes(5),
            ResolvedAt = opened.OpenedAt + Duration.FromHours(1),
            Resolution = resolution,
            History = [new TicketTransition { ActionId = "a1", Action = TicketAction.Resolve, At = opened.OpenedAt + Duration.FromHours(1), StaffId = "s-7", Resolution = resolution }],
        };

        var saved = await store.SaveTicketAsync(resolved, 1);
        ComplaintTicket closed;
        var units = await CreateUnitOfWorkFactoryAsync();
        await using (var unit = await units.BeginAsync())
        {
            closed = await unit.GetStore<IFeedbackStore>().SaveTicketAsync(saved with { Status = TicketStatus.Closed, ClosedAt = saved.ResolvedAt }, 2);
            Assert.Equal(2, (await store.FindTicketAsync(complaint.Id))!.Version);
            await unit.CommitAsync();
        }

        Assert.Equal(2, saved.Version);
        Assert.Equal(3, closed.Version);
        Assert.Equal(Json(closed), Json(await store.FindTicketAsync(complaint.Id)));
    }

    /// <summary>A stale expected version, or a ticket that does not exist, throws <see cref="CrmConcurrencyException"/> and writes nothing.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task SaveTicket_StaleVersionOrUnknown_ThrowsConcurrencyAndWritesNothing()
    {
        var store = await CreateStoreAsync();
        var complaint = FeedbackRecords.Interaction(ActivityEntries.NewId("k"), ActivityEntries.NewCustomerId(), FeedbackRecords.NewTimeBase());
        var opened = FeedbackRecords.Ticket(complaint);
        await store.AddInteractionAsync(complaint, opened);
        await store.SaveTicketAsync(opened with { Status = TicketStatus.Acknowledged }, 1);

        await Assert.ThrowsAsync<CrmConcurrencyException>(() => store.SaveTicketAsync(opened with { Status = TicketStatus.Closed }, 1));
        await Assert.ThrowsAsync<CrmConcurrencyException>(() => store.SaveTicketAsync(opened with { Id = ActivityEntries.NewId("k") }, 1));

        var stored = await store.FindTicketAsync(complaint.Id);
        Assert.Equal(TicketStatus.Acknowledged, stored!.Status);
        Assert.Equal(2, stored.Version);
    }

    /// <summary>Many saves over the same version at once: exactly one wins, the others throw <see cref="CrmConcurrencyException"/>.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task ConcurrentSaveTicket_ExactlyOneWins()
    {
        var store = await CreateStoreAsync();
        var complaint = FeedbackRecords.Interaction(ActivityEntries.NewId("k"), ActivityEntries.NewCustomerId(), FeedbackRecords.NewTimeBase());
        var opened = FeedbackRecords.Ticket(complaint);
        await store.AddInteractionAsync(complaint, opened);

        var attempts = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            try
            {
                await store.SaveTicketAsync(opened with { Status = TicketStatus.Resolved, History = [new TicketTransition { ActionId = "r" + i, Action = TicketAction.Resolve, At = opened.OpenedAt, StaffId = "s" + i }] }, 1);
                return i;
            }
            catch (CrmConcurrencyException)
            {
                return -1;
            }
        }));
        var results = await Task.WhenAll(attempts);

        var winner = Assert.Single(results, r => r >= 0);
        var stored = await store.FindTicketAsync(complaint.Id);
        Assert.Equal(2, stored!.Version);
        Assert.Equal("r" + winner, Assert.Single(stored.History).ActionId);
    }

    /// <summary>Tickets are listed by store (or all) and opening period, both ends included, in time then ordinal id order, paging after a position.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task ListTickets_ByStoreAndPeriod_PagesInTimeThenOrdinalIdOrder()
    {
        var store = await CreateStoreAsync();
        var t0 = FeedbackRecords.NewTimeBase();
        var customer = ActivityEntries.NewCustomerId();
        var shop = ActivityEntries.NewId("shop");
        var suffix = Guid.NewGuid().ToString("N");
        async Task<ComplaintTicket> Open(string id, Instant at, string storeId)
        {
            var complaint = FeedbackRecords.Interaction(id + suffix, customer, at, storeId: storeId);
            await store.AddInteractionAsync(complaint, FeedbackRecords.Ticket(complaint));
            return FeedbackRecords.Ticket(complaint);
        }

        await Open("early", t0 - Duration.FromTicks(1), shop);
        var b = await Open("B", t0, shop);
        var a = await Open("a", t0, shop);
        var last = await Open("c", t0 + Duration.FromSeconds(10), shop);
        var elsewhere = await Open("d", t0 + Duration.FromSeconds(5), shop + "x");
        await Open("late", t0 + Duration.FromSeconds(10) + Duration.FromTicks(1), shop);

        var first = await store.ListTicketsAsync(shop, t0, t0 + Duration.FromSeconds(10), null, 2);
        var second = await store.ListTicketsAsync(shop, t0, t0 + Duration.FromSeconds(10), new FeedbackPosition(first[^1].OpenedAt, first[^1].Id), 2);
        var all = await store.ListTicketsAsync(null, t0, t0 + Duration.FromSeconds(10), null, 10);

        Assert.Equal(new[] { b.Id, a.Id }, first.Select(t => t.Id));
        Assert.Equal(new[] { last.Id }, second.Select(t => t.Id));
        Assert.Equal(new[] { b.Id, a.Id, elsewhere.Id, last.Id }, all.Select(t => t.Id));
        Assert.Equal(1, first[0].Version);
    }

    /// <summary>Interactions are listed by period, both ends included, in time then ordinal id order; a customer's are listed oldest first.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task ListInteractions_ByPeriodAndCustomer_InTimeThenIdOrder()
    {
        var store = await CreateStoreAsync();
        var t0 = FeedbackRecords.NewTimeBase();
        var customer = ActivityEntries.NewCustomerId();
        var other = ActivityEntries.NewCustomerId();
        var suffix = Guid.NewGuid().ToString("N");
        var x = FeedbackRecords.Interaction("x" + suffix, customer, t0 + Duration.FromSeconds(1), InteractionKind.Inquiry);
        var y = FeedbackRecords.Interaction("Y" + suffix, other, t0 + Duration.FromSeconds(1), InteractionKind.Suggestion);
        var z = FeedbackRecords.Interaction("z" + suffix, customer, t0, InteractionKind.ReturnVisit);
        foreach (var interaction in new[] { x, y, z })
        {
            await store.AddInteractionAsync(interaction, null);
        }

        var page = await store.ListInteractionsAsync(t0, t0 + Duration.FromSeconds(1), new FeedbackPosition(t0, z.Id), 10);

        Assert.Equal(new[] { y.Id, x.Id }, page.Select(i => i.Id));
        Assert.Equal(new[] { z, x }, await store.ListCustomerInteractionsAsync(customer));
        Assert.Empty(await store.ListCustomerInteractionsAsync(ActivityEntries.NewCustomerId()));
    }

    /// <summary>An invitation reads back exactly; its id again returns <see langword="false"/>; the latest is found by customer up to an instant.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Invitations_AddFindAndLatest()
    {
        var store = await CreateStoreAsync();
        var t0 = FeedbackRecords.NewTimeBase();
        var customer = ActivityEntries.NewCustomerId();
        SurveyInvitation Invitation(string id, Instant at) => new()
        {
            Id = id, CustomerId = customer, PurchaseId = id, StoreId = "sh-001", SurveyId = "nps", RuleName = "r", Via = ContactChannels.App, InvitedAt = at,
        };
        var first = Invitation(ActivityEntries.NewId("p"), t0);
        var second = Invitation(ActivityEntries.NewId("p"), t0 + Duration.FromDays(10));

        Assert.True(await store.AddInvitationAsync(first));
        Assert.True(await store.AddInvitationAsync(second));
        Assert.False(await store.AddInvitationAsync(first with { StoreId = "sh-002" }));

        Assert.Equal(first, await store.FindInvitationAsync(first.Id));
        Assert.Equal(second, await store.FindLatestInvitationAsync(customer, t0 + Duration.FromDays(10)));
        Assert.Equal(first, await store.FindLatestInvitationAsync(customer, t0 + Duration.FromDays(10) - Duration.FromTicks(1)));
        Assert.Null(await store.FindLatestInvitationAsync(customer, t0 - Duration.FromTicks(1)));
        Assert.Null(await store.FindLatestInvitationAsync(ActivityEntries.NewCustomerId(), Instant.MaxValue));
    }

    /// <summary>A response reads back exactly, anonymous or not; its id again returns <see langword="false"/>; responses list by store and period.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Responses_AddFindAndList()
    {
        var store = await CreateStoreAsync();
        var t0 = FeedbackRecords.NewTimeBase();
        var shop = ActivityEntries.NewId("shop");
        var known = FeedbackRecords.Response(ActivityEntries.NewId("r"), shop, t0, ActivityEntries.NewCustomerId());
        var anonymous = FeedbackRecords.Response(ActivityEntries.NewId("r"), shop, t0 + Duration.FromSeconds(1)) with { Nps = null, Ratings = new Dictionary<string, int>() };
        var elsewhere = FeedbackRecords.Response(ActivityEntries.NewId("r"), shop + "x", t0);

        Assert.True(await store.AddResponseAsync(known));
        Assert.True(await store.AddResponseAsync(anonymous));
        Assert.True(await store.AddResponseAsync(elsewhere));
        Assert.False(await store.AddResponseAsync(known with { Nps = 0 }));

        Assert.Equal(Json(known), Json(await store.FindResponseAsync(known.Id)));
        Assert.Equal(Json(anonymous), Json(await store.FindResponseAsync(anonymous.Id)));
        Assert.Equal(new[] { known.Id, anonymous.Id }, (await store.ListResponsesAsync(shop, t0, t0 + Duration.FromSeconds(1), null, 10)).Select(r => r.Id));
        Assert.Equal(3, (await store.ListResponsesAsync(null, t0, t0 + Duration.FromSeconds(1), null, 10)).Count);
        Assert.Equal(new[] { anonymous.Id }, (await store.ListResponsesAsync(shop, t0, t0 + Duration.FromSeconds(1), new FeedbackPosition(known.RespondedAt, known.Id), 10)).Select(r => r.Id));
    }

    /// <summary>A customer's responses, oldest first, and only theirs: an anonymous response and another customer's are not listed.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task CustomerResponses_ListedOldestFirst_OnlyTheCustomers()
    {
        var store = await CreateStoreAsync();
        var t0 = FeedbackRecords.NewTimeBase();
        var customer = ActivityEntries.NewCustomerId();
        var later = FeedbackRecords.Response(ActivityEntries.NewId("r"), "sh-001", t0 + Duration.FromDays(2), customer);
        var earlier = FeedbackRecords.Response(ActivityEntries.NewId("r"), "sh-002", t0, customer);
        Assert.True(await store.AddResponseAsync(later));
        Assert.True(await store.AddResponseAsync(earlier));
        Assert.True(await store.AddResponseAsync(FeedbackRecords.Response(ActivityEntries.NewId("r"), "sh-001", t0 + Duration.FromDays(1))));
        Assert.True(await store.AddResponseAsync(FeedbackRecords.Response(ActivityEntries.NewId("r"), "sh-001", t0 + Duration.FromDays(1), ActivityEntries.NewCustomerId())));

        Assert.Equal(new[] { Json(earlier), Json(later) }, (await store.ListCustomerResponsesAsync(customer)).Select(r => Json(r)));
        Assert.Empty(await store.ListCustomerResponsesAsync(ActivityEntries.NewCustomerId()));
    }

    /// <summary>Notes read back exactly, oldest first; a note's id again returns <see langword="false"/>.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Notes_AddFindAndListOldestFirst()
    {
        var store = await CreateStoreAsync();
        var t0 = FeedbackRecords.NewTimeBase();
        var customer = ActivityEntries.NewCustomerId();
        var later = new CustomerNote { Id = ActivityEntries.NewId("n"), CustomerId = customer, AuthorId = "s-1", WrittenAt = t0 + Duration.FromHours(1), Text = "VIP" };
        var earlier = new CustomerNote { Id = ActivityEntries.NewId("n"), CustomerId = customer, AuthorId = "s-2", WrittenAt = t0, Text = "少冰" };

        Assert.True(await store.AddNoteAsync(later));
        Assert.True(await store.AddNoteAsync(earlier));
        Assert.False(await store.AddNoteAsync(later with { Text = "not VIP" }));

        Assert.Equal(later, await store.FindNoteAsync(later.Id));
        Assert.Equal(new[] { earlier, later }, await store.ListNotesAsync(customer));
    }

    /// <summary>Erasure removes the customer's text from interactions, notes and responses, keeps everything else and other customers' text, and erases nothing the second time.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task EraseCustomerText_ErasesOnlyTheCustomersTextOnce()
    {
        var store = await CreateStoreAsync();
        var t0 = FeedbackRecords.NewTimeBase();
        var customer = ActivityEntries.NewCustomerId();
        var other = ActivityEntries.NewCustomerId();
        var complaint = FeedbackRecords.Interaction(ActivityEntries.NewId("k"), customer, t0);
        var theirs = FeedbackRecords.Interaction(ActivityEntries.NewId("k"), other, t0);
        var note = new CustomerNote { Id = ActivityEntries.NewId("n"), CustomerId = customer, AuthorId = "s-1", WrittenAt = t0, Text = "Lives upstairs" };
        var response = FeedbackRecords.Response(ActivityEntries.NewId("r"), "sh-001", t0, customer);
        await store.AddInteractionAsync(complaint, FeedbackRecords.Ticket(complaint));
        await store.AddInteractionAsync(theirs, null);
        await store.AddNoteAsync(note);
        await store.AddResponseAsync(response);
        var at = t0 + Duration.FromDays(1);

        Assert.Equal(3, await store.EraseCustomerTextAsync(customer, at));
        Assert.Equal(0, await store.EraseCustomerTextAsync(customer, at + Duration.FromDays(1)));

        Assert.Equal(complaint with { Text = null, TextErasedAt = at }, await store.FindInteractionAsync(complaint.Id));
        Assert.Equal(theirs, await store.FindInteractionAsync(theirs.Id));
        Assert.Equal(note with { Text = null, TextErasedAt = at }, await store.FindNoteAsync(note.Id));
        Assert.Equal(Json(response with { Comment = null, CommentErasedAt = at }), Json(await store.FindResponseAsync(response.Id)));
        Assert.Equal(Json(FeedbackRecords.Ticket(complaint)), Json(await store.FindTicketAsync(complaint.Id)));
    }
}
