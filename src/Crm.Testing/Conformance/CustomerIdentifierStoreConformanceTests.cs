using Crm.Testing.Fakes;
using NodaTime;
using Xunit;

namespace Crm.Testing.Conformance;

/// <summary>
/// Checks that an <see cref="ICustomerIdentifierStore"/> keeps every promise of its documentation, above all that an
/// identifier belongs to at most one customer when many writers link it at once. Derive it in the adapter's test project
/// and override <see cref="CreateStoreAsync"/>; a SQL adapter also overrides <see cref="CreateIndependentStoresAsync"/>.
/// </summary>
public abstract class CustomerIdentifierStoreConformanceTests
{
    private static readonly Instant At = Instant.FromUtc(2026, 7, 1, 2, 30);

    /// <summary>Creates the store under test. It may share its database with other tests.</summary>
    /// <returns>The store.</returns>
    protected abstract Task<ICustomerIdentifierStore> CreateStoreAsync();

    /// <summary>
    /// Creates stores over the same database that share nothing in the process (for a SQL adapter: each its own connections
    /// and pool, as separate processes would have), for the concurrency test; by default the one store of <see cref="CreateStoreAsync"/>.
    /// </summary>
    /// <returns>The stores, at least one.</returns>
    protected virtual async Task<IReadOnlyList<ICustomerIdentifierStore>> CreateIndependentStoresAsync() => [await CreateStoreAsync()];

    /// <summary>Creates the units of work over the store's database, or <see langword="null"/> when the adapter has none (the unit test then checks nothing).</summary>
    /// <returns>The factory, or <see langword="null"/>.</returns>
    protected virtual Task<IStoreUnitOfWorkFactory?> CreateUnitOfWorkFactoryAsync() => Task.FromResult<IStoreUnitOfWorkFactory?>(null);

    /// <summary>Every method called with a cancelled token throws <see cref="OperationCanceledException"/> and writes nothing.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task EveryMethod_TokenCancelled_ThrowsCanceledAndWritesNothing()
    {
        var store = await CreateStoreAsync();

        await new StoreCalls().AssertEveryMethodThrowsAndWritesNothingAsync(store);
    }

    /// <summary>A new link is created and found by kind, scope and lookup key, every field as written.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Link_New_IsCreatedAndFoundWithEveryField()
    {
        var store = await CreateStoreAsync();
        var link = NewLink(ActivityEntries.NewCustomerId(), CustomerIdentifierKind.WeChatOpenId, "wx5f3a9c0b1d2e4f60") with { Value = "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o" };

        var (stored, created) = await store.LinkAsync(link);

        Assert.True(created);
        Assert.Equal(link, stored);
        Assert.Equal(link, await store.FindAsync(link.Kind, link.Scope, link.LookupKey));
    }

    /// <summary>Linking the same identifier to the same customer again returns the first link unchanged and creates nothing.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Link_SameCustomerAgain_ReturnsFirstLinkNotCreated()
    {
        var store = await CreateStoreAsync();
        var link = NewLink(ActivityEntries.NewCustomerId());
        await store.LinkAsync(link);

        var (stored, created) = await store.LinkAsync(link with { LinkedAt = At + Duration.FromDays(1) });

        Assert.False(created);
        Assert.Equal(link, stored);
        Assert.Single(await store.ListAsync(link.CustomerId));
    }

    /// <summary>Linking an identifier linked to another customer returns that customer's link and writes nothing.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Link_TakenByAnother_ReturnsOwnersLinkAndWritesNothing()
    {
        var store = await CreateStoreAsync();
        var owner = NewLink(ActivityEntries.NewCustomerId());
        var other = owner with { CustomerId = ActivityEntries.NewCustomerId(), Value = "other" };
        await store.LinkAsync(owner);

        var (stored, created) = await store.LinkAsync(other);

        Assert.False(created);
        Assert.Equal(owner, stored);
        Assert.Empty(await store.ListAsync(other.CustomerId));
        Assert.Equal(owner.CustomerId, (await store.FindAsync(owner.Kind, owner.Scope, owner.LookupKey))!.CustomerId);
    }

    /// <summary>The same lookup key under another kind or another scope is another identifier: the key is kind, scope and lookup key together.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Link_SameLookupKeyOtherKindOrScope_IsAnotherIdentifier()
    {
        var store = await CreateStoreAsync();
        var first = NewLink(ActivityEntries.NewCustomerId(), CustomerIdentifierKind.DeliveryPlatform, "meituan");
        var otherScope = first with { CustomerId = ActivityEntries.NewCustomerId(), Scope = "eleme" };
        var otherKind = first with { CustomerId = ActivityEntries.NewCustomerId(), Kind = CustomerIdentifierKind.AppUserId, Scope = string.Empty };

        Assert.True((await store.LinkAsync(first)).Created);
        Assert.True((await store.LinkAsync(otherScope)).Created);
        Assert.True((await store.LinkAsync(otherKind)).Created);

        Assert.Equal(otherScope.CustomerId, (await store.FindAsync(first.Kind, "eleme", first.LookupKey))!.CustomerId);
        Assert.Equal(otherKind.CustomerId, (await store.FindAsync(CustomerIdentifierKind.AppUserId, string.Empty, first.LookupKey))!.CustomerId);
    }

    /// <summary>An identifier linked to no one finds nothing, and a customer with no links lists none.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task FindAndList_Unknown_ReturnNullAndEmpty()
    {
        var store = await CreateStoreAsync();

        Assert.Null(await store.FindAsync(CustomerIdentifierKind.Phone, string.Empty, NewLookupKey()));
        Assert.Empty(await store.ListAsync(ActivityEntries.NewCustomerId()));
    }

    /// <summary>A customer's links list ordered by kind, then scope and lookup key, and no one else's.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task List_ReturnsTheCustomersLinksInOrder()
    {
        var store = await CreateStoreAsync();
        var customer = ActivityEntries.NewCustomerId();
        var links = new[]
        {
            NewLink(customer, CustomerIdentifierKind.DeliveryPlatform, "meituan") with { LookupKey = "b" + NewLookupKey()[1..] },
            NewLink(customer, CustomerIdentifierKind.Phone),
            NewLink(customer, CustomerIdentifierKind.DeliveryPlatform, "eleme"),
            NewLink(customer, CustomerIdentifierKind.DeliveryPlatform, "meituan") with { LookupKey = "a" + NewLookupKey()[1..] },
            NewLink(customer, CustomerIdentifierKind.MemberCard),
        };
        foreach (var link in links)
        {
            await store.LinkAsync(link);
        }

        await store.LinkAsync(NewLink(ActivityEntries.NewCustomerId()));

        var listed = await store.ListAsync(customer);

        Assert.Equal(
            links.OrderBy(l => l.Kind).ThenBy(l => l.Scope, StringComparer.Ordinal).ThenBy(l => l.LookupKey, StringComparer.Ordinal),
            listed);
    }

    /// <summary>Unlinking removes the link, so another customer can then link the identifier; unlinking again removes nothing.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Unlink_ThenLinkByAnother_Succeeds()
    {
        var store = await CreateStoreAsync();
        var first = NewLink(ActivityEntries.NewCustomerId());
        var second = first with { CustomerId = ActivityEntries.NewCustomerId() };
        await store.LinkAsync(first);

        Assert.True(await store.UnlinkAsync(first.Kind, first.Scope, first.LookupKey, first.CustomerId));
        Assert.False(await store.UnlinkAsync(first.Kind, first.Scope, first.LookupKey, first.CustomerId));
        Assert.Null(await store.FindAsync(first.Kind, first.Scope, first.LookupKey));
        var (stored, created) = await store.LinkAsync(second);

        Assert.True(created);
        Assert.Equal(second.CustomerId, stored.CustomerId);
        Assert.Empty(await store.ListAsync(first.CustomerId));
        Assert.Equal(second.CustomerId, (await store.FindAsync(first.Kind, first.Scope, first.LookupKey))!.CustomerId);
    }

    /// <summary>Unlinking an identifier in another customer's name removes nothing: the owner's link stays.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Unlink_ByAnotherCustomer_RemovesNothing()
    {
        var store = await CreateStoreAsync();
        var link = NewLink(ActivityEntries.NewCustomerId());
        await store.LinkAsync(link);

        Assert.False(await store.UnlinkAsync(link.Kind, link.Scope, link.LookupKey, ActivityEntries.NewCustomerId()));

        Assert.Equal(link, await store.FindAsync(link.Kind, link.Scope, link.LookupKey));
    }

    /// <summary>Removing all of a customer's links removes each (their identifiers are free again) and no one else's; again, it removes nothing.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task UnlinkAll_RemovesEveryLinkOfTheCustomerOnly()
    {
        var store = await CreateStoreAsync();
        var customer = ActivityEntries.NewCustomerId();
        var phone = NewLink(customer);
        var card = NewLink(customer, CustomerIdentifierKind.MemberCard);
        var someoneElse = NewLink(ActivityEntries.NewCustomerId());
        await store.LinkAsync(phone);
        await store.LinkAsync(card);
        await store.LinkAsync(someoneElse);

        Assert.Equal(2, await store.UnlinkAllAsync(customer));
        Assert.Equal(0, await store.UnlinkAllAsync(customer));

        Assert.Empty(await store.ListAsync(customer));
        Assert.Null(await store.FindAsync(phone.Kind, phone.Scope, phone.LookupKey));
        Assert.Equal(someoneElse, await store.FindAsync(someoneElse.Kind, someoneElse.Scope, someoneElse.LookupKey));
        Assert.True((await store.LinkAsync(phone with { CustomerId = someoneElse.CustomerId })).Created);
    }

    /// <summary>
    /// 100 links of one identifier at once, each to another customer, through stores that share nothing in the process:
    /// exactly one is created, and every answer names that one customer.
    /// </summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task ConcurrentLinks_SameIdentifier_ExactlyOneCustomerWins()
    {
        var stores = await CreateIndependentStoresAsync();
        var lookupKey = NewLookupKey();
        var links = Enumerable.Range(0, 100).Select(_ => NewLink(ActivityEntries.NewCustomerId()) with { LookupKey = lookupKey }).ToList();

        var results = await Task.WhenAll(links.Select((link, i) => Task.Run(() => stores[i % stores.Count].LinkAsync(link))));

        var winner = Assert.Single(results, r => r.Created);
        Assert.All(results, r => Assert.Equal(winner.Link.CustomerId, r.Link.CustomerId));
        Assert.Equal(winner.Link, await stores[0].FindAsync(CustomerIdentifierKind.Phone, string.Empty, lookupKey));
        var listed = await Task.WhenAll(links.Select(l => stores[0].ListAsync(l.CustomerId)));
        Assert.Equal(1, listed.Sum(l => l.Count));
    }

    /// <summary>In a unit of work a link is made at the commit; a key linked by then fails the commit, which applies nothing.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task LinkInUnit_KeyTakenBeforeCommit_FailsTheCommit()
    {
        var units = await CreateUnitOfWorkFactoryAsync();
        if (units is null)
        {
            return;
        }

        var store = await CreateStoreAsync();
        var mine = NewLink(ActivityEntries.NewCustomerId());
        var card = NewLink(mine.CustomerId, CustomerIdentifierKind.MemberCard);
        var theirs = mine with { CustomerId = ActivityEntries.NewCustomerId() };
        await using (var unit = await units.BeginAsync())
        {
            var inUnit = unit.GetStore<ICustomerIdentifierStore>();
            Assert.True((await inUnit.LinkAsync(card)).Created);
            Assert.True((await inUnit.LinkAsync(mine)).Created);
            Assert.Null(await store.FindAsync(card.Kind, card.Scope, card.LookupKey));
            await store.LinkAsync(theirs);

            await Assert.ThrowsAsync<CrmConcurrencyException>(() => unit.CommitAsync());
        }

        Assert.Null(await store.FindAsync(card.Kind, card.Scope, card.LookupKey));
        Assert.Equal(theirs.CustomerId, (await store.FindAsync(mine.Kind, mine.Scope, mine.LookupKey))!.CustomerId);
    }

    /// <summary>Builds a link with a fresh lookup key.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="kind">The kind.</param>
    /// <param name="scope">The scope, empty for none.</param>
    /// <returns>The link.</returns>
    protected static CustomerIdentifierLink NewLink(CustomerId customerId, CustomerIdentifierKind kind = CustomerIdentifierKind.Phone, string scope = "") => new()
    {
        CustomerId = customerId,
        Kind = kind,
        Scope = scope,
        LookupKey = NewLookupKey(),
        Value = kind == CustomerIdentifierKind.Phone ? "+8613800138000" : "VALUE-" + Guid.NewGuid().ToString("N")[..8],
        LinkedAt = At,
    };

    /// <summary>Builds a fresh lookup key: 64 lower-case hex digits, as the manager's hash gives.</summary>
    /// <returns>The key.</returns>
    protected static string NewLookupKey() => Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N");
}
