using Crm.Membership;
using Crm.Testing.Fakes;
using NodaTime;
using Xunit;

namespace Crm.Testing.Conformance;

/// <summary>
/// Checks that an <see cref="IMembershipStore"/> keeps every promise of its documentation. Derive it in the
/// adapter's test project and override <see cref="CreateStoreAsync"/>.
/// </summary>
public abstract partial class MembershipStoreConformanceTests
{
    private static readonly Instant T0 = Instant.FromUtc(2026, 4, 1, 2, 0);

    /// <summary>Creates the store under test. It may share its database with other tests.</summary>
    /// <returns>The store.</returns>
    protected abstract Task<IMembershipStore> CreateStoreAsync();

    /// <summary>
    /// Every method called with a token cancelled before the call throws <see cref="OperationCanceledException"/> and writes
    /// nothing: a host that gave up on a call must not find it done.
    /// </summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task EveryMethod_TokenCancelled_ThrowsCanceledAndWritesNothing()
    {
        var store = await CreateStoreAsync();

        await new StoreCalls().AssertEveryMethodThrowsAndWritesNothingAsync(store);
    }

    /// <summary>A record saved with expected version 0 is created at version 1 with its history entry.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Save_New_CreatesVersionOneWithHistory()
    {
        var store = await CreateStoreAsync();
        var id = ActivityEntries.NewCustomerId();
        var change = Change(id, null, "gold", "upgrade:p1");

        var saved = await store.SaveAsync(State(id, "gold"), 0, change);

        Assert.Equal(1, saved.Version);
        Assert.Equal(saved, await store.FindAsync(id));
        Assert.Equal([change], await store.GetHistoryAsync(id));
    }

    /// <summary>Every field of the record reads back as written, including nulls and the override.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Find_RoundTripsEveryField()
    {
        var store = await CreateStoreAsync();
        var id = ActivityEntries.NewCustomerId();
        var full = State(id, "gold") with
        {
            ReviewAt = T0 + Duration.FromDays(365),
            GraceUntil = T0 + Duration.FromDays(395),
            Override = new TierOverride { Tier = "black", Reason = "store manager's guest", OperatorId = "op-7", ExpiresAt = T0 + Duration.FromDays(30) },
        };

        await store.SaveAsync(full, 0, null);
        var found = await store.FindAsync(id);
        var saved = await store.SaveAsync(full with { ReviewAt = null, GraceUntil = null, Override = null }, 1, null);

        Assert.Equal(full with { Version = 1 }, found);
        Assert.Equal(saved, await store.FindAsync(id));
        Assert.Null(saved.Override);
    }

    /// <summary>Unknown members: no record, no history.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Queries_UnknownMember_ReturnNullOrEmpty()
    {
        var store = await CreateStoreAsync();
        var id = ActivityEntries.NewCustomerId();

        Assert.Null(await store.FindAsync(id));
        Assert.Empty(await store.GetHistoryAsync(id));
        Assert.False(await store.IsGrantedAsync(id, "welcome:gold:1"));
    }

    /// <summary>A stale version (or 0 for an existing record, or more than 0 for a missing one) throws and writes nothing.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Save_WrongVersion_ThrowsConcurrencyAndWritesNothing()
    {
        var store = await CreateStoreAsync();
        var id = ActivityEntries.NewCustomerId();
        await Assert.ThrowsAsync<CrmConcurrencyException>(() => store.SaveAsync(State(id, "gold"), 3, null));
        Assert.Null(await store.FindAsync(id));
        await store.SaveAsync(State(id, "green"), 0, null);
        await store.SaveAsync(State(id, "gold"), 1, Change(id, "green", "gold", "upgrade:p1"));

        await Assert.ThrowsAsync<CrmConcurrencyException>(() => store.SaveAsync(State(id, "black"), 1, Change(id, "gold", "black", "upgrade:p2")));
        await Assert.ThrowsAsync<CrmConcurrencyException>(() => store.SaveAsync(State(id, "black"), 0, null));

        Assert.Equal("gold", (await store.FindAsync(id))!.Tier);
        Assert.Single(await store.GetHistoryAsync(id));
    }

    /// <summary>A history key already recorded for the member makes the save fail, so no change is recorded twice.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Save_DuplicateChangeKey_ThrowsConcurrency()
    {
        var store = await CreateStoreAsync();
        var id = ActivityEntries.NewCustomerId();
        await store.SaveAsync(State(id, "gold"), 0, Change(id, null, "gold", "upgrade:p1"));

        await Assert.ThrowsAsync<CrmConcurrencyException>(() => store.SaveAsync(State(id, "gold"), 1, Change(id, "gold", "gold", "upgrade:p1")));

        Assert.Equal(1, (await store.FindAsync(id))!.Version);
    }

    /// <summary>History comes back oldest first.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task GetHistory_ReturnsChangesInSaveOrder()
    {
        var store = await CreateStoreAsync();
        var id = ActivityEntries.NewCustomerId();
        var changes = new[] { Change(id, null, "green", "a"), Change(id, "green", "gold", "b"), Change(id, "gold", "green", "c") };
        for (var i = 0; i < changes.Length; i++)
        {
            await store.SaveAsync(State(id, changes[i].To), i, changes[i]);
        }

        Assert.Equal(changes, await store.GetHistoryAsync(id));
    }

    /// <summary>Members page in ascending ordinal order of their ids.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task List_PagesInOrdinalOrder()
    {
        var store = await CreateStoreAsync();
        var prefix = $"m-{Guid.NewGuid():N}-";
        var ids = new[] { "b", "A", "a", "0" }.Select(s => new CustomerId(prefix + s)).ToArray();
        foreach (var id in ids)
        {
            await store.SaveAsync(State(id, "green"), 0, null);
        }

        var seen = new List<string>();
        CustomerId? after = new CustomerId(prefix.TrimEnd('-'));
        while (true)
        {
            var page = await store.ListAsync(after, 3);
            var mine = page.Where(m => m.CustomerId.Value.StartsWith(prefix, StringComparison.Ordinal)).ToList();
            seen.AddRange(mine.Select(m => m.CustomerId.Value));
            if (page.Count < 3 || mine.Count < page.Count)
            {
                break;
            }

            after = page[^1].CustomerId;
        }

        Assert.Equal([prefix + "0", prefix + "A", prefix + "a", prefix + "b"], seen);
    }

    /// <summary>Grants are recorded once per member and key.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task RecordGrant_IsIdempotentPerMemberAndKey()
    {
        var store = await CreateStoreAsync();
        var id = ActivityEntries.NewCustomerId();
        var other = ActivityEntries.NewCustomerId();

        Assert.True(await store.RecordGrantAsync(id, "periodic:gold:cup:2026-04:1", T0));
        Assert.False(await store.RecordGrantAsync(id, "periodic:gold:cup:2026-04:1", T0 + Duration.FromHours(1)));
        Assert.True(await store.RecordGrantAsync(other, "periodic:gold:cup:2026-04:1", T0));
        Assert.True(await store.IsGrantedAsync(id, "periodic:gold:cup:2026-04:1"));
        Assert.False(await store.IsGrantedAsync(id, "periodic:gold:cup:2026-05:1"));
    }

    /// <summary>Sixteen tasks save from the same version at once: exactly one wins, and its change is the only one recorded.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task ConcurrentSaves_SameVersion_ExactlyOneWins()
    {
        var store = await CreateStoreAsync();
        var id = ActivityEntries.NewCustomerId();
        await store.SaveAsync(State(id, "green"), 0, null);

        var wins = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(async () =>
        {
            try
            {
                await store.SaveAsync(State(id, "gold"), 1, Change(id, "green", "gold", $"upgrade:p{i}"));
                return true;
            }
            catch (CrmConcurrencyException)
            {
                return false;
            }
        })));

        Assert.Single(wins, w => w);
        Assert.Single(await store.GetHistoryAsync(id));
    }

    private static MemberState State(CustomerId id, string tier) => new() { CustomerId = id, Tier = tier, ReachedAt = T0 };

    private static TierChange Change(CustomerId id, string? from, string to, string key) =>
        new TierChange { CustomerId = id, From = from, To = to, Reason = TierChangeReason.Upgrade, OccurredAt = T0, Explanation = $"12 purchases in 2026 reach '{to}'", Key = key };
}
