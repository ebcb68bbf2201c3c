using Crm.Testing.Fakes;
using NodaTime;
using Xunit;

namespace Crm.Testing.Conformance;

/// <summary>
/// Checks that an <see cref="IConsentStore"/> keeps every promise of its documentation. Derive it in the adapter's test
/// project and override <see cref="CreateStoreAsync"/> and <see cref="CreateUnitOfWorkFactoryAsync"/>.
/// </summary>
/// <remarks>Every test uses fresh ids and customers, so all tests may share one database.</remarks>
public abstract class ConsentStoreConformanceTests
{
    private static readonly Instant T0 = Instant.FromUtc(2026, 3, 1, 8, 0);

    /// <summary>Creates the store under test. It may share its database with other tests.</summary>
    /// <returns>The store.</returns>
    protected abstract Task<IConsentStore> CreateStoreAsync();

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

    /// <summary>A record appended reads back exactly, by id and in the customer's history.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Append_NewRecord_ReadsBackExactly()
    {
        var store = await CreateStoreAsync();
        var record = Record(ActivityEntries.NewCustomerId(), T0) with { OperatorId = "staff-7" };

        var (stored, added) = await store.AppendAsync(record);

        Assert.True(added);
        Assert.Equal(record, stored);
        Assert.Equal(record, await store.FindAsync(record.Id));
        Assert.Equal([record], await store.ListAsync(record.CustomerId));
    }

    /// <summary>Appending the same record again writes nothing and returns the stored one with <c>Added</c> false.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Append_SameIdempotencyKey_IsNoOp()
    {
        var store = await CreateStoreAsync();
        var record = Record(ActivityEntries.NewCustomerId(), T0);
        await store.AppendAsync(record);

        var (stored, added) = await store.AppendAsync(record);

        Assert.False(added);
        Assert.Equal(record, stored);
        Assert.Single(await store.ListAsync(record.CustomerId));
    }

    /// <summary>An id taken with other content is refused: the first record stays and is returned, with <c>Added</c> false.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Append_SameIdOtherContent_KeepsTheFirst()
    {
        var store = await CreateStoreAsync();
        var record = Record(ActivityEntries.NewCustomerId(), T0);
        await store.AppendAsync(record);

        var (stored, added) = await store.AppendAsync(record with { Granted = false, Source = "other" });

        Assert.False(added);
        Assert.Equal(record, stored);
        Assert.Equal([record], await store.ListAsync(record.CustomerId));
    }

    /// <summary>In a unit of work, an id taken makes the commit throw <see cref="CrmConcurrencyException"/> and apply nothing.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Append_IdTakenInAUnit_CommitThrowsAndAppliesNothing()
    {
        var store = await CreateStoreAsync();
        var units = await CreateUnitOfWorkFactoryAsync();
        var customer = ActivityEntries.NewCustomerId();
        var taken = Record(customer, T0);
        var fresh = Record(customer, T0 + Duration.FromHours(1));
        await store.AppendAsync(taken);

        await using (var unit = await units.BeginAsync())
        {
            var bound = unit.GetStore<IConsentStore>();
            Assert.True((await bound.AppendAsync(fresh)).Added);
            await bound.AppendAsync(taken with { Granted = false });
            await Assert.ThrowsAsync<CrmConcurrencyException>(() => unit.CommitAsync());
        }

        Assert.Null(await store.FindAsync(fresh.Id));
        Assert.Equal([taken], await store.ListAsync(customer));
    }

    /// <summary>A customer's history is ordered by instant, then recording instant, then id (ordinal), whatever the order of appends.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task List_OrdersByInstantThenRecordedAtThenId()
    {
        var store = await CreateStoreAsync();
        var customer = ActivityEntries.NewCustomerId();
        var prefix = ActivityEntries.NewId("c");
        var late = Record(customer, T0 + Duration.FromDays(2), prefix + "-a");
        var early = Record(customer, T0, prefix + "-z");
        var sameAtLaterRecorded = Record(customer, T0 + Duration.FromDays(1), prefix + "-b") with { RecordedAt = T0 + Duration.FromDays(5) };
        var sameAtB = Record(customer, T0 + Duration.FromDays(1), prefix + "-B");
        var sameAtC = Record(customer, T0 + Duration.FromDays(1), prefix + "-C");
        foreach (var record in new[] { late, sameAtC, sameAtLaterRecorded, early, sameAtB })
        {
            await store.AppendAsync(record);
        }

        Assert.Equal([early, sameAtB, sameAtC, sameAtLaterRecorded, late], await store.ListAsync(customer));
    }

    /// <summary>The current state derived from the history is the latest record of each purpose and channel; other customers' records never show.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Current_IsTheLatestRecordPerPurposeAndChannel()
    {
        var store = await CreateStoreAsync();
        var customer = ActivityEntries.NewCustomerId();
        var smsGranted = Record(customer, T0);
        var smsWithdrawn = Record(customer, T0 + Duration.FromDays(3)) with { Granted = false };
        var emailGranted = Record(customer, T0 + Duration.FromDays(1)) with { Channel = ContactChannels.Email };
        var surveysSms = Record(customer, T0 + Duration.FromDays(2)) with { Purpose = ConsentPurpose.Surveys };
        var stranger = Record(ActivityEntries.NewCustomerId(), T0 + Duration.FromDays(9)) with { Granted = false };
        foreach (var record in new[] { smsWithdrawn, surveysSms, stranger, emailGranted, smsGranted })
        {
            await store.AppendAsync(record);
        }

        var consents = CustomerConsents.From(customer, await store.ListAsync(customer));

        Assert.Equal(4, consents.History.Count);
        Assert.Equal([smsWithdrawn, emailGranted, surveysSms], consents.Current);
        Assert.Equal(smsWithdrawn, consents.Find(ConsentPurpose.Marketing, ContactChannels.Sms));
        Assert.Null(consents.Find(ConsentPurpose.Analytics, ContactChannels.Sms));
    }

    /// <summary>An unknown customer has an empty history, and an unknown id finds nothing.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task List_UnknownCustomer_ReturnsEmpty()
    {
        var store = await CreateStoreAsync();

        Assert.Empty(await store.ListAsync(ActivityEntries.NewCustomerId()));
        Assert.Null(await store.FindAsync(ActivityEntries.NewId("c")));
    }

    /// <summary>A unit of work reads committed records, also when it read the customer ahead (<see cref="IStoreUnitOfWork.PrefetchAsync"/>).</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task List_InAUnitAfterPrefetch_ReturnsCommittedRecords()
    {
        var store = await CreateStoreAsync();
        var units = await CreateUnitOfWorkFactoryAsync();
        var customer = ActivityEntries.NewCustomerId();
        var empty = ActivityEntries.NewCustomerId();
        var first = Record(customer, T0);
        var second = Record(customer, T0 + Duration.FromDays(1)) with { Granted = false };
        await store.AppendAsync(second);
        await store.AppendAsync(first);

        await using var unit = await units.BeginAsync();
        await unit.PrefetchAsync(new StorePrefetch { Customers = [customer, empty] });
        var bound = unit.GetStore<IConsentStore>();

        Assert.Equal([first, second], await bound.ListAsync(customer));
        Assert.Empty(await bound.ListAsync(empty));
    }

    /// <summary>Concurrent appends of different records of one customer are all kept.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task ConcurrentAppends_DifferentRecords_AllKept()
    {
        var store = await CreateStoreAsync();
        var customer = ActivityEntries.NewCustomerId();
        var records = Enumerable.Range(0, 16).Select(i => Record(customer, T0 + Duration.FromMinutes(i))).ToList();

        var results = await Task.WhenAll(records.Select(r => Task.Run(() => store.AppendAsync(r))));

        Assert.All(results, r => Assert.True(r.Added));
        Assert.Equal(records, await store.ListAsync(customer));
    }

    private static ConsentRecord Record(CustomerId customer, Instant at, string? id = null) => new()
    {
        Id = id ?? ActivityEntries.NewId("c"),
        CustomerId = customer,
        Purpose = ConsentPurpose.Marketing,
        Channel = ContactChannels.Sms,
        Granted = true,
        PolicyVersion = "v3",
        Source = "app",
        At = at,
        RecordedAt = at + Duration.FromMinutes(1),
    };
}
