using Crm.Campaigns;
using Crm.Testing.Fakes;
using NodaTime;
using Xunit;

namespace Crm.Testing.Conformance;

/// <summary>
/// Checks that an <see cref="ICampaignStore"/> keeps every promise of its documentation. Derive it in the adapter's test
/// project and override <see cref="CreateStoreAsync"/> and <see cref="CreateUnitOfWorkFactoryAsync"/>.
/// </summary>
/// <remarks>Every test uses a campaign id of its own, so all tests may share one database.</remarks>
public abstract class CampaignStoreConformanceTests
{
    private static readonly Instant At = Instant.FromUtc(2027, 3, 1, 2, 0);

    /// <summary>Creates the store under test. It may share its database with other tests.</summary>
    /// <returns>The store.</returns>
    protected abstract Task<ICampaignStore> CreateStoreAsync();

    /// <summary>Creates the adapter's unit-of-work factory over the same database as <see cref="CreateStoreAsync"/>.</summary>
    /// <returns>The factory.</returns>
    protected abstract Task<IStoreUnitOfWorkFactory> CreateUnitOfWorkFactoryAsync();

    /// <summary>Every method called with a token cancelled before the call throws <see cref="OperationCanceledException"/> and writes nothing.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task EveryMethod_TokenCancelled_ThrowsCanceledAndWritesNothing()
    {
        var store = await CreateStoreAsync();

        await new StoreCalls().AssertEveryMethodThrowsAndWritesNothingAsync(store);
    }

    /// <summary>A campaign reads back exactly; adding its id again returns <see langword="false"/> and keeps the first; an unknown id finds nothing.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task AddCampaign_IdTaken_ReturnsFalseAndKeepsTheFirst()
    {
        var store = await CreateStoreAsync();
        var campaign = CampaignRecords.Campaign(ActivityEntries.NewId("cmp"));

        Assert.True(await store.AddCampaignAsync(campaign));
        Assert.False(await store.AddCampaignAsync(CampaignRecords.Campaign(campaign.Id, salt: "other")));

        Assert.Equal(campaign.ToJson(), (await store.FindCampaignAsync(campaign.Id))!.ToJson());
        Assert.Null(await store.FindCampaignAsync(ActivityEntries.NewId("cmp")));
    }

    /// <summary>Adding assignments adds each campaign and customer once, at version 1, and leaves one already there unchanged.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task AddAssignments_KeyTaken_LeavesTheFirstAndCountsTheRest()
    {
        var store = await CreateStoreAsync();
        var campaignId = ActivityEntries.NewId("cmp");
        var first = CampaignRecords.Assignment(campaignId, ActivityEntries.NewCustomerId(), "a");
        Assert.Equal(1, await store.AddAssignmentsAsync([first]));
        var second = CampaignRecords.Assignment(campaignId, ActivityEntries.NewCustomerId(), "b");

        Assert.Equal(1, await store.AddAssignmentsAsync([first with { Arm = "b" }, second]));

        Assert.Equal(first with { Version = 1 }, await store.FindAssignmentAsync(campaignId, first.CustomerId));
        Assert.Equal(second with { Version = 1 }, await store.FindAssignmentAsync(campaignId, second.CustomerId));
        Assert.Null(await store.FindAssignmentAsync(campaignId, ActivityEntries.NewCustomerId()));
        Assert.Null(await store.FindAssignmentAsync(ActivityEntries.NewId("cmp"), first.CustomerId));
    }

    /// <summary>Saving with the stored version moves it by one; a stale version, or 0 for one that exists, throws <see cref="CrmConcurrencyException"/> and writes nothing.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task SaveAssignment_StaleVersion_ThrowsConcurrency()
    {
        var store = await CreateStoreAsync();
        var campaignId = ActivityEntries.NewId("cmp");
        var assignment = CampaignRecords.Assignment(campaignId, ActivityEntries.NewCustomerId(), "a");
        var created = await store.SaveAssignmentAsync(assignment, 0, null);
        Assert.Equal(1, created.Version);

        var delivered = await store.SaveAssignmentAsync(created with { Status = CampaignDeliveryStatus.Delivered, DecidedAt = At }, 1, null);

        Assert.Equal(2, delivered.Version);
        Assert.Equal(delivered, await store.FindAssignmentAsync(campaignId, assignment.CustomerId));
        await Assert.ThrowsAsync<CrmConcurrencyException>(() => store.SaveAssignmentAsync(created with { Status = CampaignDeliveryStatus.NoConsent }, 1, null));
        await Assert.ThrowsAsync<CrmConcurrencyException>(() => store.SaveAssignmentAsync(created with { Status = CampaignDeliveryStatus.NoConsent }, 0, null));
        Assert.Equal(delivered, await store.FindAssignmentAsync(campaignId, assignment.CustomerId));
    }

    /// <summary>A save in a unit of work is seen by nobody until the commit, and applied by it.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task SaveAssignment_InAUnit_AppliesOnCommit()
    {
        var store = await CreateStoreAsync();
        var units = await CreateUnitOfWorkFactoryAsync();
        var campaignId = ActivityEntries.NewId("cmp");
        var assignment = CampaignRecords.Assignment(campaignId, ActivityEntries.NewCustomerId(), "a") with { UsesBudget = true, Status = CampaignDeliveryStatus.Delivered };

        await using (var unit = await units.BeginAsync())
        {
            await unit.GetStore<ICampaignStore>().SaveAssignmentAsync(assignment, 0, 5);
            Assert.Null(await store.FindAssignmentAsync(campaignId, assignment.CustomerId));
            Assert.Equal(0, await store.CountBudgetUsesAsync(campaignId));
            await unit.CommitAsync();
        }

        Assert.Equal(assignment with { Version = 1 }, await store.FindAssignmentAsync(campaignId, assignment.CustomerId));
        Assert.Equal(1, await store.CountBudgetUsesAsync(campaignId));
    }

    /// <summary>100 units at once, each saving a new assignment that uses a budget of 60: exactly 60 commit, the rest throw <see cref="CrmConcurrencyException"/>.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task ConcurrentBudgetedSaves_100AgainstBudgetOf60_Exactly60Commit()
    {
        var store = await CreateStoreAsync();
        var units = await CreateUnitOfWorkFactoryAsync();
        var campaignId = ActivityEntries.NewId("cmp");

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => Task.Run(async () =>
        {
            await using var unit = await units.BeginAsync();
            var assignment = CampaignRecords.Assignment(campaignId, ActivityEntries.NewCustomerId(), "a") with { UsesBudget = true, Status = CampaignDeliveryStatus.Delivered };
            await unit.GetStore<ICampaignStore>().SaveAssignmentAsync(assignment, 0, 60);
            try
            {
                await unit.CommitAsync();
                return true;
            }
            catch (CrmConcurrencyException)
            {
                return false;
            }
        })));

        Assert.Equal(60, outcomes.Count(o => o));
        Assert.Equal(60, await store.CountBudgetUsesAsync(campaignId));
        Assert.Equal(60, (await store.ListAssignmentsAsync(campaignId, null, 1000)).Count);
    }

    /// <summary>Assignments and outcomes list in ordinal order of the customer id, a page after a customer, shorter at the end.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task ListAssignmentsAndOutcomes_PageInOrdinalCustomerOrder()
    {
        var store = await CreateStoreAsync();
        var campaignId = ActivityEntries.NewId("cmp");
        var customers = new[] { "b", "B", "a-2", "a-10", "Z", "c" }.Select(s => new CustomerId($"{campaignId}-{s}")).ToArray();
        await store.AddAssignmentsAsync([.. customers.Select(c => CampaignRecords.Assignment(campaignId, c, "a"))]);
        var currency = Currency.CNY;
        Assert.Equal(6, await store.AddOutcomesAsync([.. customers.Select((c, i) => new CampaignOutcome(campaignId, c, i, new Money(i * 1.5m, currency), new Money(0.25m, currency)))]));
        Assert.Equal(0, await store.AddOutcomesAsync([new CampaignOutcome(campaignId, customers[0], 9, new Money(9m, currency), new Money(0m, currency))]));
        var ordered = customers.Select(c => c.Value).OrderBy(s => s, StringComparer.Ordinal).ToArray();

        var first = await store.ListAssignmentsAsync(campaignId, null, 4);
        var rest = await store.ListAssignmentsAsync(campaignId, first[^1].CustomerId, 4);
        var outcomes = await store.ListOutcomesAsync(campaignId, new CustomerId(ordered[1]), 10);

        Assert.Equal(ordered, first.Concat(rest).Select(a => a.CustomerId.Value));
        Assert.Equal(2, rest.Count);
        Assert.Equal(ordered[2..], outcomes.Select(o => o.CustomerId.Value));
        var b = outcomes.Single(o => o.CustomerId == customers[0]);
        Assert.Equal(new CampaignOutcome(campaignId, customers[0], 0, new Money(0m, currency), new Money(0.25m, currency)), b);
        Assert.Empty(await store.ListAssignmentsAsync(ActivityEntries.NewId("cmp"), null, 10));
    }

    /// <summary>A customer's assignments in every campaign list by campaign id; none for a customer in none.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task ListCustomerAssignments_EveryCampaignByCampaignId()
    {
        var store = await CreateStoreAsync();
        var customer = ActivityEntries.NewCustomerId();
        var prefix = ActivityEntries.NewId("cmp");
        await store.AddAssignmentsAsync([CampaignRecords.Assignment(prefix + "-b", customer, "a")]);
        await store.AddAssignmentsAsync([CampaignRecords.Assignment(prefix + "-a", customer, "a")]);

        var listed = await store.ListCustomerAssignmentsAsync(customer);

        Assert.Equal([prefix + "-a", prefix + "-b"], listed.Select(a => a.CampaignId));
        Assert.Empty(await store.ListCustomerAssignmentsAsync(ActivityEntries.NewCustomerId()));
    }
}
