using Crm.Baskets;
using Crm.Churn;
using Crm.Coupons;
using Crm.Campaigns;
using Crm.Feedback;
using Crm.Membership;
using Crm.Points;
using Crm.Segmentation;
using Crm.Testing.Fakes;
using NodaTime;
using Xunit;

namespace Crm.Testing.Conformance;

/// <summary>
/// A call of every method of every store interface, with valid arguments about fresh ids (to make with a cancelled token,
/// or against a broken database), and what the stores hold about those ids, to show that the calls wrote nothing.
/// </summary>
/// <remarks>
/// The catalogue is checked against the interfaces by reflection: a method added to a store interface fails the suites
/// until it is called here, so a new method cannot be left out of a promise made for all of them ("a cancelled call throws
/// and writes nothing", "a failure of the database surfaces as <see cref="CrmStorageException"/>").
/// </remarks>
internal sealed class StoreCalls
{
    private static readonly Instant At = Instant.FromUtc(2026, 5, 1, 2, 0);

    private static readonly Type[] StoreTypes =
    [
        typeof(IActivityStore), typeof(ICustomerStore), typeof(ICustomerIdentifierStore), typeof(IConsentStore), typeof(IMembershipStore), typeof(IPointsLedgerStore),
        typeof(ICouponStore), typeof(IChurnStore), typeof(ISegmentStore), typeof(ISegmentInputStore), typeof(IBasketModelStore),
        typeof(IFeedbackStore), typeof(ICampaignStore),
    ];

    private readonly CustomerId _customer = ActivityEntries.NewCustomerId("cancel");
    private readonly string _purchaseId = ActivityEntries.NewId("p");
    private readonly string _couponId = "CANCEL" + Guid.NewGuid().ToString("N").ToUpperInvariant();
    private readonly string _templateId = ActivityEntries.NewId("t");
    private readonly string _feedbackId = ActivityEntries.NewId("f");
    private readonly string _runId = ActivityEntries.NewId("run");
    private readonly string _key = ActivityEntries.NewId("k");

    /// <summary>Gets what a unit making the calls is about, so that an adapter that reads ahead serves the reads from what it read.</summary>
    public StorePrefetch Prefetch => new() { Customers = [_customer], PurchaseIds = [_purchaseId] };

    /// <summary>
    /// Calls every method of every store interface <paramref name="store"/> implements with a cancelled token, and asserts
    /// that each throws <see cref="OperationCanceledException"/> and that what the store holds about the ids is unchanged.
    /// </summary>
    /// <param name="store">The store, bound to a unit or not.</param>
    /// <param name="snapshotStore">The store to read the state through with a live token (a store outside the unit); <paramref name="store"/> when <see langword="null"/>.</param>
    /// <returns>A task.</returns>
    public async Task AssertEveryMethodThrowsAndWritesNothingAsync(object store, object? snapshotStore = null)
    {
        var reader = snapshotStore ?? store;
        var before = await SnapshotAsync(reader);
        await AssertEveryMethodThrowsAsync(store);
        Assert.Equal(before, await SnapshotAsync(reader));
    }

    /// <summary>Calls every method of every store interface <paramref name="store"/> implements with a cancelled token; each must throw <see cref="OperationCanceledException"/>.</summary>
    /// <param name="store">The store.</param>
    /// <returns>A task.</returns>
    public async Task AssertEveryMethodThrowsAsync(object store)
    {
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();
        await AssertEveryMethodAsync(
            store,
            cancellation.Token,
            "With a cancelled token every store method must throw OperationCanceledException",
            thrown => thrown is OperationCanceledException);
    }

    /// <summary>
    /// Calls every method of every store interface the suite knows, each store resolved from <paramref name="services"/>
    /// (an adapter's registration); each call must end as <paramref name="expected"/> says.
    /// </summary>
    /// <param name="services">The service provider holding the adapter's stores.</param>
    /// <param name="what">What is expected, for the failure message.</param>
    /// <param name="expected">Whether what a call threw (<see langword="null"/>: nothing) is as expected.</param>
    /// <param name="onlyCallsThatAskTheDatabase">Whether to leave out the calls that need not ask the database, for a broken database.</param>
    /// <returns>A task.</returns>
    public async Task AssertEveryStoreAsync(IServiceProvider services, string what, Func<Exception?, bool> expected, bool onlyCallsThatAskTheDatabase = false)
    {
        foreach (var type in StoreTypes)
        {
            var store = services.GetService(type);
            Assert.True(store is not null, $"The adapter registers no {type.Name}.");
            await AssertEveryMethodAsync(store, CancellationToken.None, what, expected, onlyCallsThatAskTheDatabase);
        }
    }

    /// <summary>Calls every method of every store interface <paramref name="store"/> implements; each must end as <paramref name="expected"/> says.</summary>
    /// <param name="store">The store.</param>
    /// <param name="cancellationToken">The token passed to every call.</param>
    /// <param name="what">What is expected, for the failure message.</param>
    /// <param name="expected">Whether what a call threw (<see langword="null"/>: nothing) is as expected.</param>
    /// <param name="onlyCallsThatAskTheDatabase">Whether to leave out the calls that need not ask the database (an empty list of ids), for a broken database.</param>
    /// <returns>A task.</returns>
    public async Task AssertEveryMethodAsync(object store, CancellationToken cancellationToken, string what, Func<Exception?, bool> expected, bool onlyCallsThatAskTheDatabase = false)
    {
        var calls = Of(store);
        var interfaces = StoreTypes.Where(t => t.IsInstanceOfType(store)).ToList();
        Assert.NotEmpty(interfaces);
        var missing = interfaces
            .SelectMany(i => i.GetMethods().Where(m => m.GetParameters().Any(p => p.ParameterType == typeof(CancellationToken))).Select(m => $"{i.Name}.{m.Name}"))
            .Except(calls.Select(c => c.Method), StringComparer.Ordinal)
            .ToList();
        Assert.True(missing.Count == 0, $"{nameof(StoreCalls)} does not call: {string.Join(", ", missing)}. Add a call of each.");

        var failures = new List<string>();
        foreach (var (method, call, _) in calls.Where(c => c.AsksTheDatabase || !onlyCallsThatAskTheDatabase))
        {
            var thrown = await Record.ExceptionAsync(() => call(cancellationToken));
            if (!expected(thrown))
            {
                failures.Add($"{method} {(thrown is null ? "returned" : "threw " + thrown.GetType().Name + ": " + thrown.Message)}");
            }
        }

        Assert.True(failures.Count == 0, what + ", but: " + string.Join("; ", failures));
    }

    /// <summary>What the stores <paramref name="store"/> implements hold about the ids of the calls, read with a live token.</summary>
    /// <param name="store">The store.</param>
    /// <returns>The state, as JSON.</returns>
    public async Task<string> SnapshotAsync(object store)
    {
        var state = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        if (store is IActivityStore activity)
        {
            state["metrics"] = (await activity.GetMetricsAsync(_customer))?.ToString();
            state["entry"] = await activity.FindEntryAsync(ActivityKind.Purchase, _purchaseId);
            state["entries"] = await activity.GetEntriesAsync(_customer, 0, 10);
        }

        if (store is ICustomerStore customers)
        {
            state["profile"] = await customers.FindAsync(_customer);
        }

        if (store is IConsentStore consents)
        {
            state["consent"] = await consents.FindAsync(_key);
            state["consents"] = await consents.ListAsync(_customer);
        }

        if (store is ICustomerIdentifierStore identifiers)
        {
            state["identifier"] = await identifiers.FindAsync(CustomerIdentifierKind.Phone, string.Empty, _key);
            state["identifiers"] = await identifiers.ListAsync(_customer);
        }

        if (store is IMembershipStore members)
        {
            state["member"] = await members.FindAsync(_customer);
            state["history"] = await members.GetHistoryAsync(_customer);
            state["granted"] = await members.IsGrantedAsync(_customer, _key);
        }

        if (store is IPointsLedgerStore points)
        {
            state["account"] = await points.FindAsync(_customer, includeLots: true);
            state["write"] = await points.FindWriteAsync(_customer, _key);
        }

        if (store is ICouponStore coupons)
        {
            state["coupon"] = await coupons.FindAsync(_couponId);
            state["usage"] = await coupons.GetUsageAsync(_templateId);
        }

        if (store is IChurnStore churn)
        {
            state["assessment"] = await churn.FindAssessmentAsync(_customer);
            state["episode"] = await churn.FindLatestEpisodeAsync(_customer);
            state["feedback"] = await churn.GetFeedbackAsync(_customer);
        }

        if (store is IBasketModelStore baskets)
        {
            state["basketModel"] = await baskets.FindAsync(_key);
        }

        if (store is ICampaignStore campaigns)
        {
            state["campaign"] = (await campaigns.FindCampaignAsync(_key))?.ToJson();
            state["assignment"] = await campaigns.FindAssignmentAsync(_key, _customer);
            state["assignments"] = string.Join(",", (await campaigns.ListAssignmentsAsync(_key, null, 10)).Select(a => a.ToString()));
            state["outcomes"] = string.Join(",", (await campaigns.ListOutcomesAsync(_key, null, 10)).Select(o => o.ToString()));
            state["budget"] = await campaigns.CountBudgetUsesAsync(_key);
        }

        if (store is IFeedbackStore feedback)
        {
            state["interaction"] = await feedback.FindInteractionAsync(_key);
            state["ticket"] = await feedback.FindTicketAsync(_key);
            state["invitation"] = await feedback.FindInvitationAsync(_purchaseId);
            state["response"] = await feedback.FindResponseAsync(_key);
            state["note"] = await feedback.FindNoteAsync(_key);
            state["customerInteractions"] = await feedback.ListCustomerInteractionsAsync(_customer);
            state["notes"] = await feedback.ListNotesAsync(_customer);
            state["customerResponses"] = await feedback.ListCustomerResponsesAsync(_customer);
        }

        if (store is ISegmentStore segments)
        {
            state["segments"] = await segments.FindAsync(_customer);
            state["run"] = await segments.FindRunAsync(_runId);
        }

        return CrmJson.Serialize(state);
    }

    private List<(string Method, Func<CancellationToken, Task> Call, bool AsksTheDatabase)> Of(object store)
    {
        var calls = new List<(string Method, Func<CancellationToken, Task> Call, bool AsksTheDatabase)>();
        void Add<TStore>(string method, Func<CancellationToken, Task> call, bool asksTheDatabase = true) => calls.Add(($"{typeof(TStore).Name}.{method}", call, asksTheDatabase));

        var customer = _customer;
        if (store is IActivityStore activity)
        {
            var purchase = ActivityEntries.Purchase(_purchaseId, customer, At, ("coffee", 30m)) with { Sequence = 1 };
            Add<IActivityStore>(nameof(IActivityStore.AppendAsync), t => activity.AppendAsync(purchase, 0, t));
            Add<IActivityStore>(nameof(IActivityStore.GetMetricsAsync), t => activity.GetMetricsAsync(customer, t));
            Add<IActivityStore>(nameof(IActivityStore.FindEntryAsync), t => activity.FindEntryAsync(ActivityKind.Purchase, _purchaseId, t));
            Add<IActivityStore>(nameof(IActivityStore.GetRefundsOfPurchaseAsync), t => activity.GetRefundsOfPurchaseAsync(_purchaseId, t));
            Add<IActivityStore>(nameof(IActivityStore.GetEntriesAsync), t => activity.GetEntriesAsync(customer, 0, 10, t));
            Add<IActivityStore>(nameof(IActivityStore.GetTotalsAsync), t => activity.GetTotalsAsync(customer, At - Duration.FromDays(1), At + Duration.FromDays(1), t));
            Add<IActivityStore>(nameof(IActivityStore.GetPurchaseInstantsAsync), t => activity.GetPurchaseInstantsAsync(customer, At - Duration.FromDays(1), At + Duration.FromDays(1), t));
            Add<IActivityStore>(nameof(IActivityStore.ListEntriesAsync), t => activity.ListEntriesAsync(At - Duration.FromDays(1), At, null, 10, cancellationToken: t));
            Add<IActivityStore>(nameof(IActivityStore.ListMetricsAsync), t => activity.ListMetricsAsync(null, 10, t));
        }

        if (store is ICustomerStore customers)
        {
            var profile = new CustomerProfile { Id = customer, JoinedAt = At, Name = "Li Lei" };
            Add<ICustomerStore>(nameof(ICustomerStore.FindAsync), t => customers.FindAsync(customer, t));
            Add<ICustomerStore>(nameof(ICustomerStore.CreateAsync), t => customers.CreateAsync(profile, t));
            Add<ICustomerStore>(nameof(ICustomerStore.UpdateAsync), t => customers.UpdateAsync(profile with { Version = 1 }, 1, t));
        }

        if (store is IConsentStore consents)
        {
            var record = new ConsentRecord { Id = _key, CustomerId = customer, Purpose = ConsentPurpose.Marketing, Channel = ContactChannels.Sms, Granted = true, PolicyVersion = "v1", Source = "app", At = At, RecordedAt = At };
            Add<IConsentStore>(nameof(IConsentStore.AppendAsync), t => consents.AppendAsync(record, t));
            Add<IConsentStore>(nameof(IConsentStore.FindAsync), t => consents.FindAsync(_key, t));
            Add<IConsentStore>(nameof(IConsentStore.ListAsync), t => consents.ListAsync(customer, t));
        }

        if (store is ICustomerIdentifierStore identifiers)
        {
            var link = new CustomerIdentifierLink { CustomerId = customer, Kind = CustomerIdentifierKind.Phone, Scope = string.Empty, LookupKey = _key, Value = "+8613800138000", LinkedAt = At };
            Add<ICustomerIdentifierStore>(nameof(ICustomerIdentifierStore.LinkAsync), t => identifiers.LinkAsync(link, t));
            Add<ICustomerIdentifierStore>(nameof(ICustomerIdentifierStore.FindAsync), t => identifiers.FindAsync(link.Kind, link.Scope, link.LookupKey, t));
            Add<ICustomerIdentifierStore>(nameof(ICustomerIdentifierStore.ListAsync), t => identifiers.ListAsync(customer, t));
            Add<ICustomerIdentifierStore>(nameof(ICustomerIdentifierStore.UnlinkAsync), t => identifiers.UnlinkAsync(link.Kind, link.Scope, link.LookupKey, customer, t));
            Add<ICustomerIdentifierStore>(nameof(ICustomerIdentifierStore.UnlinkAllAsync), t => identifiers.UnlinkAllAsync(customer, t));
        }

        if (store is IMembershipStore members)
        {
            var state = new MemberState { CustomerId = customer, Tier = "green", ReachedAt = At };
            var change = new TierChange { CustomerId = customer, From = null, To = "green", Reason = TierChangeReason.Upgrade, OccurredAt = At, Explanation = "joined", Key = _key };
            Add<IMembershipStore>(nameof(IMembershipStore.FindAsync), t => members.FindAsync(customer, t));
            Add<IMembershipStore>(nameof(IMembershipStore.SaveAsync), t => members.SaveAsync(state, 0, change, t));
            Add<IMembershipStore>(nameof(IMembershipStore.GetHistoryAsync), t => members.GetHistoryAsync(customer, t));
            Add<IMembershipStore>(nameof(IMembershipStore.ListAsync), t => members.ListAsync(null, 10, t));
            Add<IMembershipStore>(nameof(IMembershipStore.IsGrantedAsync), t => members.IsGrantedAsync(customer, _key, t));
            Add<IMembershipStore>(nameof(IMembershipStore.RecordGrantAsync), t => members.RecordGrantAsync(customer, _key, At, t));
            Add<IMembershipStore>(nameof(IMembershipStore.EraseCustomerTextAsync), t => members.EraseCustomerTextAsync(customer, At, t));
        }

        if (store is IPointsLedgerStore points)
        {
            var write = new PointsWrite
            {
                Key = _key,
                ExpectedVersion = 0,
                Account = new PointsAccount { CustomerId = customer, EntryCount = 1, Balance = new PointAmount(30), LotPoints = new PointAmount(30) },
                Entries = [new PointsEntry { CustomerId = customer, Sequence = 1, Key = _key, Kind = PointsEntryKind.Earn, Points = new PointAmount(30), OccurredAt = At, EarnedAt = At, Reason = "earn 30" }],
                Lots = [new PointsLot { LotId = _key, EarnedAt = At, AvailableAt = At, Points = new PointAmount(30), Remaining = new PointAmount(30), Awarded = new PointAmount(30) }],
            };
            Add<IPointsLedgerStore>(nameof(IPointsLedgerStore.FindAsync), t => points.FindAsync(customer, includeLots: true, t));
            Add<IPointsLedgerStore>(nameof(IPointsLedgerStore.FindLotAsync), t => points.FindLotAsync(customer, _key, t));
            Add<IPointsLedgerStore>(nameof(IPointsLedgerStore.AppendAsync), t => points.AppendAsync(customer, write, t));
            Add<IPointsLedgerStore>(nameof(IPointsLedgerStore.FindWriteAsync), t => points.FindWriteAsync(customer, _key, t));
            Add<IPointsLedgerStore>(nameof(IPointsLedgerStore.GetEntriesAsync), t => points.GetEntriesAsync(customer, null, 10, t));
            Add<IPointsLedgerStore>(nameof(IPointsLedgerStore.GetEarnedAsync), t => points.GetEarnedAsync(customer, At - Duration.FromDays(1), At + Duration.FromDays(1), t));
            Add<IPointsLedgerStore>(nameof(IPointsLedgerStore.ListExpiringAsync), t => points.ListExpiringAsync(At, null, 10, t));
            Add<IPointsLedgerStore>(nameof(IPointsLedgerStore.GetOutstandingAsync), t => points.GetOutstandingAsync(t));
            Add<IPointsLedgerStore>(nameof(IPointsLedgerStore.EraseCustomerTextAsync), t => points.EraseCustomerTextAsync(customer, At, t));
        }

        if (store is ICouponStore coupons)
        {
            var coupon = new Coupon
            {
                Id = _couponId,
                TemplateId = _templateId,
                CustomerId = customer,
                Reason = CouponIssueReason.Campaign,
                IssueKey = _key,
                IssuedAt = At,
                ValidFrom = At,
                ValidTo = At + Duration.FromDays(30),
            };
            Add<ICouponStore>(nameof(ICouponStore.FindAsync), t => coupons.FindAsync(_couponId, t));
            Add<ICouponStore>(nameof(ICouponStore.ListByCustomerAsync), t => coupons.ListByCustomerAsync(customer, t));
            Add<ICouponStore>(nameof(ICouponStore.ListByKeyAsync), t => coupons.ListByKeyAsync(customer, _purchaseId, t));
            Add<ICouponStore>(nameof(ICouponStore.IssueAsync), t => coupons.IssueAsync(coupon, CouponIssueLimits.None, t));
            Add<ICouponStore>(nameof(ICouponStore.UpdateAsync), t => coupons.UpdateAsync(coupon with { Version = 1, Status = CouponStatus.Redeemed, RedemptionKey = _purchaseId, RedeemedAt = At }, 1, 1, null, t));
            Add<ICouponStore>(nameof(ICouponStore.GetUsageAsync), t => coupons.GetUsageAsync(_templateId, t));
            Add<ICouponStore>(nameof(ICouponStore.GetUsageAtAsync), t => coupons.GetUsageAtAsync(_templateId, At, t));
        }

        if (store is IBasketModelStore basketModels)
        {
            var model = BasketModels.Model(_key, 1, At);
            Add<IBasketModelStore>(nameof(IBasketModelStore.SaveAsync), t => basketModels.SaveAsync(model, t));
            Add<IBasketModelStore>(nameof(IBasketModelStore.FindAsync), t => basketModels.FindAsync(_key, null, t));
        }

        if (store is ICampaignStore campaignStore)
        {
            var assignment = CampaignRecords.Assignment(_key, customer, "a");
            var outcome = new CampaignOutcome(_key, customer, 1, new Money(1m, Currency.CNY), new Money(0m, Currency.CNY));
            Add<ICampaignStore>(nameof(ICampaignStore.AddCampaignAsync), t => campaignStore.AddCampaignAsync(CampaignRecords.Campaign(_key), t));
            Add<ICampaignStore>(nameof(ICampaignStore.FindCampaignAsync), t => campaignStore.FindCampaignAsync(_key, t));
            Add<ICampaignStore>(nameof(ICampaignStore.AddAssignmentsAsync), t => campaignStore.AddAssignmentsAsync([assignment], t));
            Add<ICampaignStore>(nameof(ICampaignStore.FindAssignmentAsync), t => campaignStore.FindAssignmentAsync(_key, customer, t));
            Add<ICampaignStore>(nameof(ICampaignStore.SaveAssignmentAsync), t => campaignStore.SaveAssignmentAsync(assignment with { UsesBudget = true }, 0, 5, t));
            Add<ICampaignStore>(nameof(ICampaignStore.CountBudgetUsesAsync), t => campaignStore.CountBudgetUsesAsync(_key, t));
            Add<ICampaignStore>(nameof(ICampaignStore.ListAssignmentsAsync), t => campaignStore.ListAssignmentsAsync(_key, null, 10, t));
            Add<ICampaignStore>(nameof(ICampaignStore.ListCustomerAssignmentsAsync), t => campaignStore.ListCustomerAssignmentsAsync(customer, t));
            Add<ICampaignStore>(nameof(ICampaignStore.AddOutcomesAsync), t => campaignStore.AddOutcomesAsync([outcome], t));
            Add<ICampaignStore>(nameof(ICampaignStore.ListOutcomesAsync), t => campaignStore.ListOutcomesAsync(_key, null, 10, t));
        }

        if (store is IFeedbackStore feedbackStore)
        {
            var interaction = FeedbackRecords.Interaction(_key, customer, At);
            var ticket = FeedbackRecords.Ticket(interaction);
            var invitation = new SurveyInvitation
            {
                Id = _purchaseId, CustomerId = customer, PurchaseId = _purchaseId, StoreId = "sh-001", SurveyId = "nps", RuleName = "r", Via = ContactChannels.Sms, InvitedAt = At,
            };
            var response = FeedbackRecords.Response(_key, "sh-001", At, customer);
            var note = new CustomerNote { Id = _key, CustomerId = customer, AuthorId = "s-1", WrittenAt = At, Text = "note" };
            Add<IFeedbackStore>(nameof(IFeedbackStore.AddInteractionAsync), t => feedbackStore.AddInteractionAsync(interaction, ticket, t));
            Add<IFeedbackStore>(nameof(IFeedbackStore.FindInteractionAsync), t => feedbackStore.FindInteractionAsync(_key, t));
            Add<IFeedbackStore>(nameof(IFeedbackStore.ListInteractionsAsync), t => feedbackStore.ListInteractionsAsync(At, At, null, 10, t));
            Add<IFeedbackStore>(nameof(IFeedbackStore.ListCustomerInteractionsAsync), t => feedbackStore.ListCustomerInteractionsAsync(customer, t));
            Add<IFeedbackStore>(nameof(IFeedbackStore.FindTicketAsync), t => feedbackStore.FindTicketAsync(_key, t));
            Add<IFeedbackStore>(nameof(IFeedbackStore.SaveTicketAsync), t => feedbackStore.SaveTicketAsync(ticket with { Status = TicketStatus.Closed }, 1, t));
            Add<IFeedbackStore>(nameof(IFeedbackStore.ListTicketsAsync), t => feedbackStore.ListTicketsAsync("sh-001", At, At, null, 10, t));
            Add<IFeedbackStore>(nameof(IFeedbackStore.AddInvitationAsync), t => feedbackStore.AddInvitationAsync(invitation, t));
            Add<IFeedbackStore>(nameof(IFeedbackStore.FindInvitationAsync), t => feedbackStore.FindInvitationAsync(_purchaseId, t));
            Add<IFeedbackStore>(nameof(IFeedbackStore.FindLatestInvitationAsync), t => feedbackStore.FindLatestInvitationAsync(customer, At, t));
            Add<IFeedbackStore>(nameof(IFeedbackStore.AddResponseAsync), t => feedbackStore.AddResponseAsync(response, t));
            Add<IFeedbackStore>(nameof(IFeedbackStore.FindResponseAsync), t => feedbackStore.FindResponseAsync(_key, t));
            Add<IFeedbackStore>(nameof(IFeedbackStore.ListResponsesAsync), t => feedbackStore.ListResponsesAsync(null, At, At, null, 10, t));
            Add<IFeedbackStore>(nameof(IFeedbackStore.AddNoteAsync), t => feedbackStore.AddNoteAsync(note, t));
            Add<IFeedbackStore>(nameof(IFeedbackStore.FindNoteAsync), t => feedbackStore.FindNoteAsync(_key, t));
            Add<IFeedbackStore>(nameof(IFeedbackStore.ListNotesAsync), t => feedbackStore.ListNotesAsync(customer, t));
            Add<IFeedbackStore>(nameof(IFeedbackStore.ListCustomerResponsesAsync), t => feedbackStore.ListCustomerResponsesAsync(customer, t));
            Add<IFeedbackStore>(nameof(IFeedbackStore.EraseCustomerTextAsync), t => feedbackStore.EraseCustomerTextAsync(customer, At, t));
        }

        if (store is IChurnStore churn)
        {
            var assessment = new ChurnAssessment
            {
                CustomerId = customer,
                AssessedAt = At,
                Score = 0.5,
                Level = ChurnLevel.Warning,
                FutureValue = new Money(200m, Currency.CNY),
                ValueAtRisk = new Money(100m, Currency.CNY),
            };
            var episode = new ChurnEpisode { CustomerId = customer, Number = 1, StartedAt = At, HighestLevel = ChurnLevel.Warning };
            var feedback = new ChurnFeedback { Id = _feedbackId, CustomerId = customer, ReportedAt = At, Note = "cold coffee" };
            Add<IChurnStore>(nameof(IChurnStore.FindAssessmentAsync), t => churn.FindAssessmentAsync(customer, t));
            Add<IChurnStore>(nameof(IChurnStore.SaveAssessmentAsync), t => churn.SaveAssessmentAsync(assessment, t));
            Add<IChurnStore>(nameof(IChurnStore.ListByValueAtRiskAsync), t => churn.ListByValueAtRiskAsync(ChurnLevel.Warning, 0, 10, t));
            Add<IChurnStore>(nameof(IChurnStore.FindLatestEpisodeAsync), t => churn.FindLatestEpisodeAsync(customer, t));
            Add<IChurnStore>(nameof(IChurnStore.SaveEpisodeAsync), t => churn.SaveEpisodeAsync(episode, 0, t));
            Add<IChurnStore>(nameof(IChurnStore.ListEpisodesAsync), t => churn.ListEpisodesAsync(null, 0, 10, t));
            Add<IChurnStore>(nameof(IChurnStore.AddFeedbackAsync), t => churn.AddFeedbackAsync(feedback, t));
            Add<IChurnStore>(nameof(IChurnStore.ResolveFeedbackAsync), t => churn.ResolveFeedbackAsync(_feedbackId, At + Duration.FromDays(1), t));
            Add<IChurnStore>(nameof(IChurnStore.GetFeedbackAsync), t => churn.GetFeedbackAsync(customer, t));
            Add<IChurnStore>(nameof(IChurnStore.EraseCustomerTextAsync), t => churn.EraseCustomerTextAsync(customer, At, t));
        }

        if (store is ISegmentStore segments)
        {
            var record = new CustomerSegments { CustomerId = customer, RunId = _runId, AsOf = At, Assignments = [new SegmentAssignment("vip", SegmentKind.ValueTier, "spent enough")] };
            var run = new SegmentationRun { RunId = _runId, AsOf = At, StartedAt = At };
            Add<ISegmentStore>(nameof(ISegmentStore.FindAsync), t => segments.FindAsync(customer, t));
            Add<ISegmentStore>(nameof(ISegmentStore.FindManyAsync), t => segments.FindManyAsync([customer], t));
            Add<ISegmentStore>(nameof(ISegmentStore.SaveAsync), t => segments.SaveAsync([record], t));
            Add<ISegmentStore>(nameof(ISegmentStore.ListMembersAsync), t => segments.ListMembersAsync("vip", null, 10, t));
            Add<ISegmentStore>(nameof(ISegmentStore.CountAsync), t => segments.CountAsync(t));
            Add<ISegmentStore>(nameof(ISegmentStore.FindRunAsync), t => segments.FindRunAsync(_runId, t));
            Add<ISegmentStore>(nameof(ISegmentStore.SaveRunAsync), t => segments.SaveRunAsync(run, t));

            // An empty list asks nothing of the database, but a cancelled call still throws: the caller asked to stop.
            Add<ISegmentStore>(nameof(ISegmentStore.FindManyAsync) + " (no ids)", t => segments.FindManyAsync([], t), asksTheDatabase: false);
            Add<ISegmentStore>(nameof(ISegmentStore.SaveAsync) + " (no records)", t => segments.SaveAsync([], t), asksTheDatabase: false);
        }

        if (store is ISegmentInputStore inputs)
        {
            Add<ISegmentInputStore>(nameof(ISegmentInputStore.ListRfmInputsAsync), t => inputs.ListRfmInputsAsync(null, 10, new YearMonth(2026, 1), new YearMonth(2026, 12), t));
        }

        return calls;
    }
}
