using Crm.Testing.Fakes;
using NodaTime;
using Xunit;

namespace Crm.Testing.Conformance;

/// <summary>
/// Checks that an <see cref="ICustomerStore"/> keeps every promise of its documentation. Derive it in the
/// adapter's test project and override <see cref="CreateStoreAsync"/>.
/// </summary>
public abstract class CustomerStoreConformanceTests
{
    /// <summary>Creates the store under test. It may share its database with other tests.</summary>
    /// <returns>The store.</returns>
    protected abstract Task<ICustomerStore> CreateStoreAsync();

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

    /// <summary>A new profile is stored at version 1.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Create_NewProfile_StoresVersionOne()
    {
        var store = await CreateStoreAsync();
        var profile = NewProfile();

        var (stored, created) = await store.CreateAsync(profile with { Version = 42 });

        Assert.True(created);
        Assert.Equal(1, stored.Version);
        Assert.Equal(1, (await store.FindAsync(profile.Id))!.Version);
    }

    /// <summary>Creating an id that exists returns the existing profile unchanged.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Create_ExistingId_ReturnsExistingUnchanged()
    {
        var store = await CreateStoreAsync();
        var profile = NewProfile();
        await store.CreateAsync(profile);

        var (stored, created) = await store.CreateAsync(profile with { Name = "Someone Else", HomeStoreId = "other" });

        Assert.False(created);
        Assert.Equal(profile.Name, stored.Name);
        Assert.Equal(profile.Name, (await store.FindAsync(profile.Id))!.Name);
    }

    /// <summary>An unknown id finds nothing.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Find_UnknownId_ReturnsNull()
    {
        var store = await CreateStoreAsync();

        Assert.Null(await store.FindAsync(ActivityEntries.NewCustomerId()));
    }

    /// <summary>Every field reads back as written: time zone, a 29 February birthday, tags, personal data.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Find_RoundTripsEveryField()
    {
        var store = await CreateStoreAsync();
        var profile = NewProfile() with
        {
            TimeZone = DateTimeZoneProviders.Tzdb["America/New_York"],
            Birthday = new LocalDate(2000, 2, 29),
            Phone = "+86 138 0000 0000",
            Email = "li.lei@example.com",
            Tags = ["green-tea", "vegan", "雨天"],
            ErasedAt = Instant.FromUtc(2026, 1, 2, 3, 4, 5),
        };

        await store.CreateAsync(profile);
        var found = await store.FindAsync(profile.Id);

        Assert.NotNull(found);
        Assert.Equal(profile with { Version = 1, Tags = found.Tags }, found);
        Assert.Equal(profile.Tags, found.Tags);
    }

    /// <summary>Unset optional fields read back as unset.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Find_RoundTripsEmptyOptionalFields()
    {
        var store = await CreateStoreAsync();
        var profile = new CustomerProfile { Id = ActivityEntries.NewCustomerId(), JoinedAt = Instant.FromUtc(2025, 5, 1, 0, 0) };

        await store.CreateAsync(profile);
        var found = await store.FindAsync(profile.Id);

        Assert.NotNull(found);
        Assert.Null(found.TimeZone);
        Assert.Null(found.Birthday);
        Assert.Null(found.Name);
        Assert.Null(found.HomeStoreId);
        Assert.Empty(found.Tags);
    }

    /// <summary>An update at the current version stores the new profile one version higher.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Update_CurrentVersion_IncrementsVersion()
    {
        var store = await CreateStoreAsync();
        var (stored, _) = await store.CreateAsync(NewProfile());

        var updated = await store.UpdateAsync(stored with { HomeStoreId = "hz-02", Tags = ["a"] }, 1);

        Assert.Equal(2, updated.Version);
        var found = await store.FindAsync(stored.Id);
        Assert.Equal("hz-02", found!.HomeStoreId);
        Assert.Equal(2, found.Version);
    }

    /// <summary>An update with a stale version throws and writes nothing.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Update_StaleVersion_ThrowsConcurrencyAndWritesNothing()
    {
        var store = await CreateStoreAsync();
        var (stored, _) = await store.CreateAsync(NewProfile());
        await store.UpdateAsync(stored with { Name = "First" }, 1);

        await Assert.ThrowsAsync<CrmConcurrencyException>(() => store.UpdateAsync(stored with { Name = "Second" }, 1));

        Assert.Equal("First", (await store.FindAsync(stored.Id))!.Name);
    }

    /// <summary>Updating an unknown id is a concurrency failure (there is no version to match).</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Update_UnknownId_ThrowsConcurrency()
    {
        var store = await CreateStoreAsync();

        await Assert.ThrowsAsync<CrmConcurrencyException>(() => store.UpdateAsync(NewProfile(), 1));
    }

    /// <summary>Sixteen tasks update from the same version at once: exactly one wins.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task ConcurrentUpdates_SameVersion_ExactlyOneWins()
    {
        var store = await CreateStoreAsync();
        var (stored, _) = await store.CreateAsync(NewProfile());

        var wins = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(async () =>
        {
            try
            {
                await store.UpdateAsync(stored with { Name = $"Writer {i}" }, 1);
                return true;
            }
            catch (CrmConcurrencyException)
            {
                return false;
            }
        })));

        Assert.Single(wins, w => w);
        Assert.Equal(2, (await store.FindAsync(stored.Id))!.Version);
    }

    /// <summary>Sixteen tasks register the same id at once: exactly one creates it.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task ConcurrentCreates_SameId_ExactlyOneCreated()
    {
        var store = await CreateStoreAsync();
        var profile = NewProfile();

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(() => store.CreateAsync(profile with { Name = $"Writer {i}" }))));

        var winner = Assert.Single(results, r => r.Created);
        Assert.All(results, r => Assert.Equal(winner.Profile.Name, r.Profile.Name));
    }

    /// <summary>Builds a profile with a fresh id.</summary>
    /// <returns>The profile.</returns>
    protected static CustomerProfile NewProfile() => new()
    {
        Id = ActivityEntries.NewCustomerId(),
        JoinedAt = Instant.FromUtc(2025, 11, 11, 11, 11),
        HomeStoreId = "sh-01",
        Name = "Li Lei",
    };
}
