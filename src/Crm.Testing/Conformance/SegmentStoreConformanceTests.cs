using Crm.Segmentation;
using Crm.Testing.Fakes;
using NodaTime;
using Xunit;

namespace Crm.Testing.Conformance;

/// <summary>
/// Checks that an <see cref="ISegmentStore"/> keeps every promise of its documentation. Derive it in the adapter's test
/// project and override <see cref="CreateStoreAsync"/>. Tests use fresh customer ids and segment names, so the store may be shared.
/// </summary>
public abstract class SegmentStoreConformanceTests
{
    private static readonly Instant AsOf = Instant.FromUtc(2026, 6, 1, 0, 0);

    /// <summary>Creates the store under test. It may share its database with other tests.</summary>
    /// <returns>The store.</returns>
    protected abstract Task<ISegmentStore> CreateStoreAsync();

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

    /// <summary>A new record is stored at version 1 and every field reads back, with assignments in order.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Save_New_StoresVersionOneAndRoundTrips()
    {
        var store = await CreateStoreAsync();
        var id = ActivityEntries.NewCustomerId();
        var record = Record(id, "run-1", [Unique("b"), Unique("a")]) with { PreviousSegments = ["old-1", "old-2"] };

        await store.SaveAsync([record]);

        Assert.Equal(record with { Version = 1 }, await store.FindAsync(id));
        var bare = Record(ActivityEntries.NewCustomerId(), "run-1", []) with { Rfm = null };
        await store.SaveAsync([bare]);
        Assert.Equal(bare with { Version = 1 }, await store.FindAsync(bare.CustomerId));
    }

    /// <summary>Unknown customers and runs: null or empty.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Queries_Unknown_ReturnNullOrEmpty()
    {
        var store = await CreateStoreAsync();

        Assert.Null(await store.FindAsync(ActivityEntries.NewCustomerId()));
        Assert.Empty(await store.FindManyAsync([ActivityEntries.NewCustomerId()]));
        Assert.Empty(await store.ListMembersAsync(Unique("none"), null, 10));
        Assert.Null(await store.FindRunAsync(ActivityEntries.NewId("run")));
    }

    /// <summary>A batch with one stale version throws and writes none of its records.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Save_StaleVersionInBatch_ThrowsAndWritesNothing()
    {
        var store = await CreateStoreAsync();
        var existing = ActivityEntries.NewCustomerId();
        var fresh = ActivityEntries.NewCustomerId();
        var segment = Unique("s");
        await store.SaveAsync([Record(existing, "run-1", [segment])]);

        await Assert.ThrowsAsync<CrmConcurrencyException>(() => store.SaveAsync([Record(fresh, "run-2", [segment]), Record(existing, "run-2", [segment]) with { Version = 0 }]));
        await Assert.ThrowsAsync<CrmConcurrencyException>(() => store.SaveAsync([Record(ActivityEntries.NewCustomerId(), "run-2", [segment]) with { Version = 4 }]));

        Assert.Null(await store.FindAsync(fresh));
        Assert.Equal("run-1", (await store.FindAsync(existing))!.RunId);
        Assert.Equal([existing], await store.ListMembersAsync(segment, null, 10));
    }

    /// <summary>A save replaces the customer's memberships: members and counts follow.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Save_Update_ReplacesMemberships()
    {
        var store = await CreateStoreAsync();
        var id = ActivityEntries.NewCustomerId();
        var (a, b, c) = (Unique("a"), Unique("b"), Unique("c"));
        await store.SaveAsync([Record(id, "run-1", [a, b])]);

        await store.SaveAsync([Record(id, "run-2", [c, b]) with { Version = 1 }]);

        var found = await store.FindAsync(id);
        Assert.Equal(2, found!.Version);
        Assert.Equal([c, b], found.Assignments.Select(x => x.Segment));
        Assert.Empty(await store.ListMembersAsync(a, null, 10));
        Assert.Equal([id], await store.ListMembersAsync(c, null, 10));
        var counts = (await store.CountAsync()).Where(x => x.Segment == a || x.Segment == b || x.Segment == c).ToList();
        Assert.Equal([new SegmentCount(b, 1), new SegmentCount(c, 1)], counts.OrderBy(x => x.Segment, StringComparer.Ordinal));
    }

    /// <summary>Members page in ascending ordinal order of customer id; counts are per segment in ordinal order of name.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task ListMembers_PagesInOrdinalOrder_AndCountsMatch()
    {
        var store = await CreateStoreAsync();
        var segment = Unique("page");
        var other = Unique("page-other");
        var prefix = ActivityEntries.NewId("m");
        var ids = new[] { "B", "a", "C", "b", "_" }.Select(s => new CustomerId($"{prefix}-{s}")).ToList();
        await store.SaveAsync([.. ids.Select((id, i) => Record(id, "run-1", i % 2 == 0 ? [segment, other] : [segment]))]);

        var page1 = await store.ListMembersAsync(segment, null, 3);
        var page2 = await store.ListMembersAsync(segment, page1[^1], 3);
        var page3 = await store.ListMembersAsync(segment, page2[^1], 3);

        Assert.Equal(ids.Order().ToList(), [.. page1, .. page2]);
        Assert.Equal(3, page1.Count);
        Assert.Empty(page3);
        var counts = await store.CountAsync();
        Assert.Equal(counts.Select(x => x.Segment).Order(StringComparer.Ordinal), counts.Select(x => x.Segment));
        Assert.Equal(5, counts.Single(x => x.Segment == segment).Customers);
        Assert.Equal(3, counts.Single(x => x.Segment == other).Customers);
    }

    /// <summary>FindMany returns only existing records, in ordinal order of customer id.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task FindMany_ReturnsExistingInOrder()
    {
        var store = await CreateStoreAsync();
        var prefix = ActivityEntries.NewId("f");
        var (x, y, missing) = (new CustomerId(prefix + "-y"), new CustomerId(prefix + "-x"), new CustomerId(prefix + "-z"));
        await store.SaveAsync([Record(x, "run-1", [Unique("s")]), Record(y, "run-1", [])]);

        var found = await store.FindManyAsync([x, missing, y]);

        Assert.Equal([y, x], found.Select(r => r.CustomerId));
        Assert.Single(found[1].Assignments);
    }

    /// <summary>Runs are created and replaced by id, and every field reads back.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task SaveRun_UpsertsById()
    {
        var store = await CreateStoreAsync();
        var run = new SegmentationRun { RunId = ActivityEntries.NewId("run"), AsOf = AsOf, StartedAt = AsOf + Duration.FromMinutes(1) };
        await store.SaveRunAsync(run);
        Assert.Equal(run, await store.FindRunAsync(run.RunId));

        var moved = run with { Cursor = ActivityEntries.NewCustomerId(), Customers = 500, CompletedAt = AsOf + Duration.FromMinutes(9) };
        await store.SaveRunAsync(moved);

        Assert.Equal(moved, await store.FindRunAsync(run.RunId));
    }

    /// <summary>Many tasks saving one customer with the version they read: every save that wins bumps the version by one; losers throw and retry.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task ConcurrentSaves_OneCustomer_EveryWinnerBumpsVersionOnce()
    {
        var store = await CreateStoreAsync();
        var id = ActivityEntries.NewCustomerId();
        var segments = Enumerable.Range(0, 8).Select(i => Unique("t" + i)).ToArray();
        const int Rounds = 5;

        await Task.WhenAll(Enumerable.Range(0, segments.Length).Select(t => Task.Run(async () =>
        {
            for (var round = 0; round < Rounds; round++)
            {
                while (true)
                {
                    var current = await store.FindAsync(id);
                    try
                    {
                        await store.SaveAsync([Record(id, $"run-{t}-{round}", [segments[t]]) with { Version = current?.Version ?? 0 }]);
                        break;
                    }
                    catch (CrmConcurrencyException)
                    {
                    }
                }
            }
        })));

        var final = await store.FindAsync(id);
        Assert.Equal(segments.Length * Rounds, final!.Version);
        var holders = new List<string>();
        foreach (var segment in segments)
        {
            if ((await store.ListMembersAsync(segment, null, 10)).Contains(id))
            {
                holders.Add(segment);
            }
        }

        Assert.Equal(final.Assignments.Select(a => a.Segment), holders);
    }

    private static string Unique(string name) => $"{name}-{Guid.NewGuid():N}";

    private static CustomerSegments Record(CustomerId id, string runId, IReadOnlyList<string> segments) => new()
    {
        CustomerId = id,
        RunId = runId,
        AsOf = AsOf,
        Rfm = new RfmScore { RecencyDays = 12, Frequency = 3, Monetary = new Money(245.50m, Currency.CNY), R = 5, F = 3, M = 4 },
        Assignments = [.. segments.Select((s, i) => new SegmentAssignment(s, (SegmentKind)(i % 6), $"because {i}: 245.50 CNY"))],
    };
}
