using Crm.Baskets;
using Crm.Testing.Fakes;
using NodaTime;
using Xunit;

namespace Crm.Testing.Conformance;

/// <summary>
/// Checks that an <see cref="IBasketModelStore"/> keeps every promise of its documentation. Derive it in the adapter's test
/// project and override <see cref="CreateStoreAsync"/>.
/// </summary>
/// <remarks>Every test uses fresh scopes, so all tests may share one database.</remarks>
public abstract class BasketModelStoreConformanceTests
{
    private static readonly Instant T0 = Instant.FromUtc(2026, 6, 1, 2, 0);

    /// <summary>Creates the store under test. It may share its database with other tests.</summary>
    /// <returns>The store.</returns>
    protected abstract Task<IBasketModelStore> CreateStoreAsync();

    /// <summary>Every method called with a token cancelled before the call throws <see cref="OperationCanceledException"/> and writes nothing.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task EveryMethod_TokenCancelled_ThrowsCanceledAndWritesNothing()
    {
        var store = await CreateStoreAsync();

        await new StoreCalls().AssertEveryMethodThrowsAndWritesNothingAsync(store);
    }

    /// <summary>A saved model reads back equal in every field (items in any script, a rule that always holds, a null store), by its version and as the latest.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Save_New_ReadsBackExactlyByVersionAndAsLatest()
    {
        var store = await CreateStoreAsync();
        var scope = ActivityEntries.NewId("scope");
        var model = BasketModels.Model(scope, 1, T0, rules: 2_000);

        Assert.True(await store.SaveAsync(model));

        Assert.Equal(CrmJson.Serialize(model), CrmJson.Serialize(await store.FindAsync(scope, 1)));
        Assert.Equal(CrmJson.Serialize(model), CrmJson.Serialize(await store.FindAsync(scope)));
        Assert.Null((await store.FindAsync(scope))!.StoreId);
        Assert.Null((await store.FindAsync(scope))!.Rules[1].Conviction);
    }

    /// <summary>Saving the same model again is a replay: <see langword="false"/>, and the stored model is unchanged.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Save_SameModelAgain_ReturnsFalse()
    {
        var store = await CreateStoreAsync();
        var scope = ActivityEntries.NewId("scope");
        var model = BasketModels.Model(scope, 1, T0);
        await store.SaveAsync(model);

        Assert.False(await store.SaveAsync(BasketModels.Model(scope, 1, T0)));
        Assert.Equal(CrmJson.Serialize(model), CrmJson.Serialize(await store.FindAsync(scope, 1)));
    }

    /// <summary>Another model under a version already taken throws <see cref="CrmConcurrencyException"/> and leaves the first.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Save_OtherModelSameVersion_ThrowsConcurrencyAndKeepsTheFirst()
    {
        var store = await CreateStoreAsync();
        var scope = ActivityEntries.NewId("scope");
        var first = BasketModels.Model(scope, 1, T0);
        await store.SaveAsync(first);

        await Assert.ThrowsAsync<CrmConcurrencyException>(() => store.SaveAsync(BasketModels.Model(scope, 1, T0 + Duration.FromSeconds(1))));
        await Assert.ThrowsAsync<CrmConcurrencyException>(() => store.SaveAsync(BasketModels.Model(scope, 1, T0, rules: 3)));

        Assert.Equal(CrmJson.Serialize(first), CrmJson.Serialize(await store.FindAsync(scope)));
    }

    /// <summary>The latest is the highest version of the scope alone; scopes are compared ordinally; an unknown scope or version finds nothing.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Find_LatestIsTheHighestVersionOfTheScope()
    {
        var store = await CreateStoreAsync();
        var scope = ActivityEntries.NewId("scope");
        foreach (var version in new[] { 1, 2, 10, 3 })
        {
            await store.SaveAsync(BasketModels.Model(scope, version, T0 + Duration.FromDays(version)));
        }

        await store.SaveAsync(BasketModels.Model(scope + "-x", 11, T0));
        await store.SaveAsync(BasketModels.Model(scope.ToUpperInvariant(), 12, T0));

        Assert.Equal(10, (await store.FindAsync(scope))!.Version);
        Assert.Equal(T0 + Duration.FromDays(2), (await store.FindAsync(scope, 2))!.MinedAt);
        Assert.Null(await store.FindAsync(scope, 4));
        Assert.Null(await store.FindAsync(ActivityEntries.NewId("scope")));
    }

    /// <summary>Processes mining at once and saving different models under the same version: exactly one is saved, every other throws <see cref="CrmConcurrencyException"/>.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Save_ConcurrentDifferentModelsSameVersion_ExactlyOneWins()
    {
        var store = await CreateStoreAsync();
        var scope = ActivityEntries.NewId("scope");
        var models = Enumerable.Range(0, 8).Select(i => BasketModels.Model(scope, 1, T0 + Duration.FromSeconds(i))).ToList();

        var outcomes = await Task.WhenAll(models.Select(m => Task.Run(async () => await Record.ExceptionAsync(() => store.SaveAsync(m)))));

        Assert.Equal(1, outcomes.Count(o => o is null));
        Assert.All(outcomes.Where(o => o is not null), o => Assert.IsType<CrmConcurrencyException>(o));
        var saved = await store.FindAsync(scope);
        Assert.Contains(models, m => CrmJson.Serialize(m) == CrmJson.Serialize(saved));
    }
}
