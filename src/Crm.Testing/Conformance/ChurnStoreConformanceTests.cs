using Crm.Churn;
using Crm.Testing.Fakes;
using NodaTime;
using Xunit;

namespace Crm.Testing.Conformance;

/// <summary>
/// Checks that an <see cref="IChurnStore"/> keeps every promise of its documentation. Derive it in the adapter's test
/// project and override <see cref="CreateStoreAsync"/>.
/// </summary>
public abstract partial class ChurnStoreConformanceTests
{
    private static readonly Instant T0 = Instant.FromUtc(2026, 4, 1, 2, 0);
    private static readonly Currency Cny = Currency.CNY;

    /// <summary>Creates the store under test. It may share its database with other tests.</summary>
    /// <returns>The store.</returns>
    protected abstract Task<IChurnStore> CreateStoreAsync();

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

    /// <summary>Every field of an assessment reads back as written, including the reasons and a null probability.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Assessment_RoundTripsEveryField()
    {
        var store = await CreateStoreAsync();
        var id = ActivityEntries.NewCustomerId();
        var full = Assessment(id, T0, 0.875, ChurnLevel.Critical, 12345) with
        {
            ProbabilityAlive = 0.3125,
            ExpectedPurchasesIfRetained = 4.5,
            Reasons =
            [
                new ChurnReason { Signal = ChurnSignal.Cadence, Strength = 0.75, Contribution = 0.75, Value = 3.0, Threshold = 2.0, Message = "21 days since the last purchase" },
                new ChurnReason { Signal = ChurnSignal.Feedback, Strength = 1.0, Contribution = 0.5, Value = 1, Threshold = 0, Message = "1 unresolved complaint" },
            ],
        };

        Assert.True(await store.SaveAssessmentAsync(full));
        var found = await store.FindAssessmentAsync(id);
        Assert.True(await store.SaveAssessmentAsync(full with { AssessedAt = T0 + Duration.FromDays(1), ProbabilityAlive = null, Reasons = [] }));
        var later = await store.FindAssessmentAsync(id);

        Assert.NotNull(found);
        Assert.Equal(full.Reasons, found.Reasons);
        Assert.Equal(full with { Reasons = found.Reasons }, found);
        Assert.Null(later!.ProbabilityAlive);
        Assert.Empty(later.Reasons);
        Assert.Null(await store.FindAssessmentAsync(ActivityEntries.NewCustomerId()));
    }

    /// <summary>An assessment older than the stored one is ignored; an equal instant replaces it.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task SaveAssessment_Older_IsIgnored()
    {
        var store = await CreateStoreAsync();
        var id = ActivityEntries.NewCustomerId();
        await store.SaveAssessmentAsync(Assessment(id, T0, 0.5, ChurnLevel.Warning, 100));

        Assert.False(await store.SaveAssessmentAsync(Assessment(id, T0 - Duration.FromHours(1), 0.9, ChurnLevel.Critical, 900)));
        Assert.Equal(0.5, (await store.FindAssessmentAsync(id))!.Score);
        Assert.True(await store.SaveAssessmentAsync(Assessment(id, T0, 0.6, ChurnLevel.Warning, 200)));
        Assert.Equal(0.6, (await store.FindAssessmentAsync(id))!.Score);
    }

    /// <summary>The ranking is by value at risk descending, ties by ordinal customer id, filtered by level, paged without gaps or repeats.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task ListByValueAtRisk_RanksFiltersAndPages()
    {
        var store = await CreateStoreAsync();
        var prefix = ActivityEntries.NewCustomerId("rank").Value;
        var a = new CustomerId(prefix + "-a");
        var b = new CustomerId(prefix + "-b");
        var c = new CustomerId(prefix + "-c");
        var watch = new CustomerId(prefix + "-w");
        var none = new CustomerId(prefix + "-n");
        await store.SaveAssessmentAsync(Assessment(b, T0, 0.6, ChurnLevel.Warning, 5_000));
        await store.SaveAssessmentAsync(Assessment(a, T0, 0.8, ChurnLevel.Critical, 5_000));
        await store.SaveAssessmentAsync(Assessment(c, T0, 0.9, ChurnLevel.Critical, 90_000));
        await store.SaveAssessmentAsync(Assessment(watch, T0, 0.3, ChurnLevel.Watch, 1_000_000));
        await store.SaveAssessmentAsync(Assessment(none, T0, 0.1, ChurnLevel.None, 2_000_000));

        var ranked = new List<ChurnAssessment>();
        for (var skip = 0; ; skip += 3)
        {
            var page = await store.ListByValueAtRiskAsync(ChurnLevel.Warning, skip, 3);
            Assert.True(page.Count <= 3);
            if (page.Count == 0)
            {
                break;
            }

            ranked.AddRange(page);
        }

        Assert.All(ranked, r => Assert.True(r.Level >= ChurnLevel.Warning));
        for (var i = 1; i < ranked.Count; i++)
        {
            var order = ranked[i - 1].ValueAtRisk.CompareTo(ranked[i].ValueAtRisk);
            Assert.True(order > 0 || (order == 0 && ranked[i - 1].CustomerId.CompareTo(ranked[i].CustomerId) < 0), "ranked by value at risk, then id");
        }

        Assert.Equal([c, a, b], ranked.Where(r => r.CustomerId.Value.StartsWith(prefix, StringComparison.Ordinal)).Select(r => r.CustomerId));
        Assert.Equal(ranked.Count, ranked.Select(r => r.CustomerId).Distinct().Count());
    }

    /// <summary>An episode is created at version 1 and updated at version + 1; the latest is the highest number.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task SaveEpisode_CreatesAndUpdatesWithVersions()
    {
        var store = await CreateStoreAsync();
        var id = ActivityEntries.NewCustomerId();
        Assert.Null(await store.FindLatestEpisodeAsync(id));

        var first = await store.SaveEpisodeAsync(Episode(id, 1), 0);
        var acted = await store.SaveEpisodeAsync(first with
        {
            HighestLevel = ChurnLevel.Critical,
            ActedLevels = [ChurnLevel.Warning, ChurnLevel.Critical],
            FirstActionAt = T0 + Duration.FromDays(1),
            LastActionAt = T0 + Duration.FromDays(2),
        }, 1);
        var ended = await store.SaveEpisodeAsync(acted with { EndedAt = T0 + Duration.FromDays(3), Outcome = ChurnEpisodeOutcome.WonBack }, 2);
        var found = await store.FindLatestEpisodeAsync(id);
        var second = await store.SaveEpisodeAsync(Episode(id, 2), 0);

        Assert.Equal(1, first.Version);
        Assert.Equal(3, ended.Version);
        Assert.NotNull(found);
        Assert.Equal([ChurnLevel.Warning, ChurnLevel.Critical], found.ActedLevels);
        Assert.Equal(ended with { ActedLevels = found.ActedLevels }, found);
        Assert.Equal(second with { ActedLevels = [] }, (await store.FindLatestEpisodeAsync(id))! with { ActedLevels = [] });
        Assert.Equal(2, (await store.FindLatestEpisodeAsync(id))!.Number);
    }

    /// <summary>A stale or missing version throws <see cref="CrmConcurrencyException"/> and writes nothing.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task SaveEpisode_WrongVersion_ThrowsConcurrencyAndWritesNothing()
    {
        var store = await CreateStoreAsync();
        var id = ActivityEntries.NewCustomerId();
        await Assert.ThrowsAsync<CrmConcurrencyException>(() => store.SaveEpisodeAsync(Episode(id, 1), 2));
        Assert.Null(await store.FindLatestEpisodeAsync(id));
        await store.SaveEpisodeAsync(Episode(id, 1), 0);

        await Assert.ThrowsAsync<CrmConcurrencyException>(() => store.SaveEpisodeAsync(Episode(id, 1) with { HighestLevel = ChurnLevel.Critical }, 0));
        await Assert.ThrowsAsync<CrmConcurrencyException>(() => store.SaveEpisodeAsync(Episode(id, 1) with { HighestLevel = ChurnLevel.Critical }, 2));

        var stored = await store.FindLatestEpisodeAsync(id);
        Assert.Equal(ChurnLevel.Warning, stored!.HighestLevel);
        Assert.Equal(1, stored.Version);
    }

    /// <summary>Many tasks racing to create one episode, then to update it from one version: exactly one wins each race.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task ConcurrentEpisodeSaves_ExactlyOneWins()
    {
        var store = await CreateStoreAsync();
        var id = ActivityEntries.NewCustomerId();

        var creates = await Race(16, i => store.SaveEpisodeAsync(Episode(id, 1) with { StartedAt = T0 + Duration.FromMinutes(i) }, 0));
        var updates = await Race(16, i => store.SaveEpisodeAsync(Episode(id, 1) with { ActedLevels = [ChurnLevel.Warning], LastActionAt = T0 + Duration.FromMinutes(i) }, 1));

        Assert.Equal(1, creates);
        Assert.Equal(1, updates);
        var stored = await store.FindLatestEpisodeAsync(id);
        Assert.Equal(2, stored!.Version);
        Assert.Equal([ChurnLevel.Warning], stored.ActedLevels);
    }

    /// <summary>Episodes page in ordinal customer order, then number, resuming after (customer, number).</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task ListEpisodes_PagesInOrder()
    {
        var store = await CreateStoreAsync();
        var prefix = ActivityEntries.NewCustomerId("ep").Value;
        var a = new CustomerId(prefix + "-a");
        var b = new CustomerId(prefix + "-b");
        await store.SaveEpisodeAsync(Episode(b, 1), 0);
        await store.SaveEpisodeAsync(Episode(a, 2), 0);
        await store.SaveEpisodeAsync(Episode(a, 1), 0);

        var seen = new List<(CustomerId, int)>();
        CustomerId? after = a;
        var afterNumber = 0;
        while (true)
        {
            var page = await store.ListEpisodesAsync(after, afterNumber, 2);
            if (page.Count == 0 || page[0].CustomerId.CompareTo(b) > 0)
            {
                break;
            }

            seen.AddRange(page.Select(e => (e.CustomerId, e.Number)));
            after = page[^1].CustomerId;
            afterNumber = page[^1].Number;
        }

        Assert.Equal([(a, 1), (a, 2), (b, 1)], seen.Where(e => e.Item1.Value.StartsWith(prefix, StringComparison.Ordinal)));
        Assert.Equal([(a, 2), (b, 1)], (await store.ListEpisodesAsync(a, 1, 2)).Select(e => (e.CustomerId, e.Number)));
    }

    /// <summary>Feedback is recorded once per id; the stored one comes back; resolving works once; lists are ordered.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Feedback_IdempotentResolvableOrdered()
    {
        var store = await CreateStoreAsync();
        var id = ActivityEntries.NewCustomerId();
        var late = new ChurnFeedback { Id = ActivityEntries.NewId("fb"), CustomerId = id, ReportedAt = T0 + Duration.FromDays(1), Note = "cold latte" };
        var early = new ChurnFeedback { Id = ActivityEntries.NewId("fb"), CustomerId = id, ReportedAt = T0, IsNegative = false };

        Assert.Equal((late, true), await store.AddFeedbackAsync(late));
        Assert.Equal((late, false), await store.AddFeedbackAsync(late with { Note = "changed" }));
        await store.AddFeedbackAsync(early);
        Assert.True(await store.ResolveFeedbackAsync(late.Id, T0 + Duration.FromDays(2)));
        Assert.False(await store.ResolveFeedbackAsync(late.Id, T0 + Duration.FromDays(3)));
        Assert.False(await store.ResolveFeedbackAsync(ActivityEntries.NewId("fb"), T0));

        Assert.Equal([early, late with { ResolvedAt = T0 + Duration.FromDays(2) }], await store.GetFeedbackAsync(id));
        Assert.Empty(await store.GetFeedbackAsync(ActivityEntries.NewCustomerId()));
    }

    /// <summary>Many tasks adding the same feedback and resolving it: exactly one add and one resolve report success.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task ConcurrentFeedback_ExactlyOneAddsAndOneResolves()
    {
        var store = await CreateStoreAsync();
        var id = ActivityEntries.NewCustomerId();
        var feedback = new ChurnFeedback { Id = ActivityEntries.NewId("fb"), CustomerId = id, ReportedAt = T0 };

        var adds = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () => (await store.AddFeedbackAsync(feedback)).Added)));
        var resolves = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(() => store.ResolveFeedbackAsync(feedback.Id, T0 + Duration.FromMinutes(i)))));

        Assert.Single(adds, a => a);
        Assert.Single(resolves, r => r);
        Assert.Single(await store.GetFeedbackAsync(id));
    }

    private static async Task<int> Race(int tasks, Func<int, Task<ChurnEpisode>> save)
    {
        var wins = await Task.WhenAll(Enumerable.Range(0, tasks).Select(i => Task.Run(async () =>
        {
            try
            {
                await save(i);
                return true;
            }
            catch (CrmConcurrencyException)
            {
                return false;
            }
        })));
        return wins.Count(w => w);
    }

    private static ChurnAssessment Assessment(CustomerId id, Instant at, double score, ChurnLevel level, long riskMinor) => new()
    {
        CustomerId = id,
        AssessedAt = at,
        Score = score,
        Level = level,
        FutureValue = Money.FromMinorUnits(riskMinor * 2, Cny),
        ValueAtRisk = Money.FromMinorUnits(riskMinor, Cny),
    };

    private static ChurnEpisode Episode(CustomerId id, int number) => new()
    {
        CustomerId = id,
        Number = number,
        StartedAt = T0,
        HighestLevel = ChurnLevel.Warning,
    };
}
