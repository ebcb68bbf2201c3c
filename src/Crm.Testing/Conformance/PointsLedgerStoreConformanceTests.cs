using Crm.Points;
using Crm.Testing.Fakes;
using Microsoft.Extensions.Options;
using NodaTime;
using Xunit;

namespace Crm.Testing.Conformance;

/// <summary>
/// Checks that an <see cref="IPointsLedgerStore"/> keeps every promise of its documentation, and that
/// <see cref="PointsManager"/> on it stays exact under parallel redemptions. Derive it in the adapter's test project and
/// override <see cref="CreateStoreAsync"/>.
/// </summary>
public abstract partial class PointsLedgerStoreConformanceTests
{
    /// <summary>The precision of instants in the stores: one tick, 100 ns (an adapter may keep no finer).</summary>
    protected static readonly Duration Tick = Duration.FromTicks(1);

    private static readonly Instant T0 = Instant.FromUtc(2026, 4, 1, 2, 0);

    /// <summary>Creates the store under test. It may share its database with other tests.</summary>
    /// <returns>The store.</returns>
    protected abstract Task<IPointsLedgerStore> CreateStoreAsync();

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

    /// <summary>Unknown customers: no account, no lot, no write, no entries, nothing earned.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Queries_UnknownCustomer_ReturnNullOrEmpty()
    {
        var store = await CreateStoreAsync();
        var id = ActivityEntries.NewCustomerId();

        Assert.Null(await store.FindAsync(id, includeLots: true));
        Assert.Null(await store.FindLotAsync(id, "purchase:p-1"));
        Assert.Empty(await store.FindWriteAsync(id, "purchase:p-1"));
        Assert.Empty(await store.GetEntriesAsync(id, null, 10));
        Assert.Equal(PointAmount.Zero, await store.GetEarnedAsync(id, T0 - Duration.FromDays(1000), T0 + Duration.FromDays(1000)));
    }

    /// <summary>A first write (expected version 0) creates the account at version 1; every field reads back as written.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Append_New_CreatesVersionOneAndRoundTripsEveryField()
    {
        var store = await CreateStoreAsync();
        var id = ActivityEntries.NewCustomerId();
        var lot = Lot("purchase:p-1", T0, 45) with { AvailableAt = T0 + Duration.FromDays(7), ExpiresAt = T0 + Duration.FromDays(365), Reversed = new PointAmount(3), Expired = new PointAmount(5), Awarded = new PointAmount(48), RefundedMinorUnits = 1234 };
        var write = Write(id, "purchase:p-1", 0, Account(id, entryCount: 2, balance: 45, lotPoints: 45, debt: 5), [Entry(id, 1, "purchase:p-1", PointsEntryKind.Earn, 48), Entry(id, 2, "purchase:p-1", PointsEntryKind.DebtSettled, -3) with { OperatorId = "op-1" }], [lot]);
        var counters = new Dictionary<string, long> { ["firstPurchase"] = 1, ["day:2026-04-01"] = 48 };
        write = new PointsWrite { Key = write.Key, ExpectedVersion = 0, Account = write.Account with { Counters = counters }, Entries = write.Entries, Lots = write.Lots };

        var result = await store.AppendAsync(id, write);
        var found = await store.FindAsync(id, includeLots: true);

        Assert.False(result.IsReplay);
        Assert.Equal(write.Entries, result.Entries);
        Assert.NotNull(found);
        Assert.Equal(1, found.Version);
        Assert.Equal(2, found.EntryCount);
        Assert.Equal(new PointAmount(45), found.Balance);
        Assert.Equal(new PointAmount(45), found.LotPoints);
        Assert.Equal(new PointAmount(5), found.Debt);
        Assert.Equal(counters.OrderBy(c => c.Key), found.Counters.OrderBy(c => c.Key));
        Assert.Equal([lot], found.Lots);
        Assert.Equal(lot, await store.FindLotAsync(id, lot.LotId));
        Assert.Equal(write.Entries.Reverse(), await store.GetEntriesAsync(id, null, 10));
        Assert.Equal(write.Entries, await store.FindWriteAsync(id, "purchase:p-1"));
    }

    /// <summary>Without <c>includeLots</c> the account has no lots; a never-expiring lot reads back with a null expiry.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Find_WithoutLots_ReturnsNoLots()
    {
        var store = await CreateStoreAsync();
        var id = ActivityEntries.NewCustomerId();
        await store.AppendAsync(id, Write(id, "k-1", 0, Account(id, 1, 10, 10), [Entry(id, 1, "k-1", PointsEntryKind.Earn, 10)], [Lot("k-1", T0, 10)]));

        Assert.Empty((await store.FindAsync(id, includeLots: false))!.Lots);
        Assert.Null((await store.FindAsync(id, includeLots: true))!.Lots.Single().ExpiresAt);
    }

    /// <summary>A key written before writes nothing, whatever the expected version, and returns the earlier entries.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Append_SameKey_IsNoOpAndReturnsEarlierEntries()
    {
        var store = await CreateStoreAsync();
        var id = ActivityEntries.NewCustomerId();
        var first = Write(id, "redeem:r-1", 0, Account(id, 1, 10, 10), [Entry(id, 1, "redeem:r-1", PointsEntryKind.Earn, 10)], [Lot("redeem:r-1", T0, 10)]);
        await store.AppendAsync(id, first);

        var stale = await store.AppendAsync(id, Write(id, "redeem:r-1", 0, Account(id, 1, 99, 99), [Entry(id, 1, "redeem:r-1", PointsEntryKind.Earn, 99)], []));
        var current = await store.AppendAsync(id, Write(id, "redeem:r-1", 1, Account(id, 2, 99, 99), [Entry(id, 2, "redeem:r-1", PointsEntryKind.Earn, 89)], []));

        Assert.True(stale.IsReplay);
        Assert.True(current.IsReplay);
        Assert.Equal(first.Entries, stale.Entries);
        Assert.Equal(first.Entries, current.Entries);
        var account = await store.FindAsync(id, includeLots: false);
        Assert.Equal(1, account!.Version);
        Assert.Equal(new PointAmount(10), account.Balance);
        Assert.Single(await store.GetEntriesAsync(id, null, 10));
    }

    /// <summary>A new key with a stale version (or 0 for an existing account, or more than 0 for a missing one) throws and writes nothing.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Append_WrongVersion_ThrowsConcurrencyAndWritesNothing()
    {
        var store = await CreateStoreAsync();
        var id = ActivityEntries.NewCustomerId();
        await Assert.ThrowsAsync<CrmConcurrencyException>(() => store.AppendAsync(id, Write(id, "k-0", 2, Account(id, 1, 10, 10), [Entry(id, 1, "k-0", PointsEntryKind.Earn, 10)], [Lot("k-0", T0, 10)])));
        Assert.Null(await store.FindAsync(id, includeLots: true));
        Assert.Empty(await store.FindWriteAsync(id, "k-0"));

        await store.AppendAsync(id, Write(id, "k-1", 0, Account(id, 1, 10, 10), [Entry(id, 1, "k-1", PointsEntryKind.Earn, 10)], [Lot("k-1", T0, 10)]));
        await store.AppendAsync(id, Write(id, "k-2", 1, Account(id, 2, 20, 20), [Entry(id, 2, "k-2", PointsEntryKind.Earn, 10)], [Lot("k-2", T0 + Duration.FromHours(1), 10)]));

        await Assert.ThrowsAsync<CrmConcurrencyException>(() => store.AppendAsync(id, Write(id, "k-3", 1, Account(id, 3, 0, 0), [Entry(id, 3, "k-3", PointsEntryKind.Redemption, -20)], [Lot("k-1", T0, 10) with { Remaining = PointAmount.Zero }])));
        await Assert.ThrowsAsync<CrmConcurrencyException>(() => store.AppendAsync(id, Write(id, "k-3", 0, Account(id, 3, 0, 0), [Entry(id, 3, "k-3", PointsEntryKind.Redemption, -20)], [])));

        var account = await store.FindAsync(id, includeLots: true);
        Assert.Equal(2, account!.Version);
        Assert.Equal(new PointAmount(20), account.Balance);
        Assert.Equal(2, account.Lots.Count);
        Assert.Empty(await store.FindWriteAsync(id, "k-3"));
        Assert.Equal(2, (await store.GetEntriesAsync(id, null, 10)).Count);
    }

    /// <summary>Lots are upserted by id; only open lots are listed, by earning instant then id; a closed lot is still found by id.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Lots_UpsertById_ListOpenOnesInOrder()
    {
        var store = await CreateStoreAsync();
        var id = ActivityEntries.NewCustomerId();
        var late = Lot("purchase:b", T0 + Duration.FromDays(2), 30);
        var early = Lot("purchase:z", T0, 20);
        var sameTime = Lot("purchase:a", T0, 10);
        await store.AppendAsync(id, Write(id, "k-1", 0, Account(id, 3, 60, 60), [Entry(id, 1, "k-1", PointsEntryKind.Earn, 60)], [late, early, sameTime]));

        Assert.Equal(["purchase:a", "purchase:z", "purchase:b"], (await store.FindAsync(id, includeLots: true))!.Lots.Select(l => l.LotId));

        var emptied = early with { Remaining = PointAmount.Zero, Expired = new PointAmount(20) };
        var partly = late with { Remaining = new PointAmount(5) };
        await store.AppendAsync(id, Write(id, "k-2", 1, Account(id, 4, 15, 15), [Entry(id, 2, "k-2", PointsEntryKind.Redemption, -45)], [emptied, partly]));

        var account = await store.FindAsync(id, includeLots: true);
        Assert.Equal([sameTime, partly], account!.Lots);
        Assert.Equal(emptied, await store.FindLotAsync(id, "purchase:z"));
    }

    /// <summary>Entries page newest first, below a sequence, up to a limit.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task GetEntries_PagesNewestFirst()
    {
        var store = await CreateStoreAsync();
        var id = ActivityEntries.NewCustomerId();
        for (var i = 1; i <= 5; i++)
        {
            await store.AppendAsync(id, Write(id, $"k-{i}", i - 1, Account(id, i, i, i), [Entry(id, i, $"k-{i}", PointsEntryKind.Earn, 1)], []));
        }

        Assert.Equal([5L, 4L], (await store.GetEntriesAsync(id, null, 2)).Select(e => e.Sequence));
        Assert.Equal([3L, 2L], (await store.GetEntriesAsync(id, 4, 2)).Select(e => e.Sequence));
        Assert.Equal([1L], (await store.GetEntriesAsync(id, 2, 2)).Select(e => e.Sequence));
        Assert.Empty(await store.GetEntriesAsync(id, 1, 2));
    }

    /// <summary>Earned points: earnings, event awards and reversals by the instant the points were earned, both ends inclusive to the tick.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task GetEarned_SumsEarningsNetOfReversalsByEarnedInstant_BothEndsInclusive()
    {
        var store = await CreateStoreAsync();
        var id = ActivityEntries.NewCustomerId();
        var june = Instant.FromUtc(2026, 6, 1, 0, 0);
        var july = Instant.FromUtc(2026, 7, 1, 0, 0);
        PointsEntry[] entries =
        [
            Entry(id, 1, "k", PointsEntryKind.Earn, 100) with { EarnedAt = june },
            Entry(id, 2, "k", PointsEntryKind.EventAward, 50) with { EarnedAt = june + Duration.FromDays(3) },
            Entry(id, 3, "k", PointsEntryKind.Reversal, -30) with { EarnedAt = june, OccurredAt = july + Duration.FromDays(2) },
            Entry(id, 4, "k", PointsEntryKind.Redemption, -60) with { EarnedAt = june + Duration.FromDays(4) },
            Entry(id, 5, "k", PointsEntryKind.Adjustment, 7) with { EarnedAt = june + Duration.FromDays(4) },
            Entry(id, 6, "k", PointsEntryKind.Earn, 11) with { EarnedAt = july },
        ];
        await store.AppendAsync(id, Write(id, "k", 0, Account(id, 6, 78, 78), entries, []));

        Assert.Equal(new PointAmount(120), await store.GetEarnedAsync(id, june, july - Tick));    // 100 + 50 - 30
        Assert.Equal(new PointAmount(131), await store.GetEarnedAsync(id, june, july));                       // and the 11 earned exactly at the end
        Assert.Equal(new PointAmount(11), await store.GetEarnedAsync(id, july, july + Duration.FromDays(31)));
        Assert.Equal(new PointAmount(11), await store.GetEarnedAsync(id, july, july));
        Assert.Equal(new PointAmount(50), await store.GetEarnedAsync(id, june + Tick, july - Tick));
        Assert.Equal(new PointAmount(70), await store.GetEarnedAsync(id, june, june));                        // 100 - 30, both at the start
    }

    /// <summary>The expiry listing names each customer with an open lot expired by the instant once, in ordinal order, paged.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task ListExpiring_NamesCustomersWithOpenExpiredLots()
    {
        var store = await CreateStoreAsync();
        var asOf = T0 + Duration.FromDays(30);
        var due = new[] { ActivityEntries.NewCustomerId("x"), ActivityEntries.NewCustomerId("x"), ActivityEntries.NewCustomerId("x") };
        var notDue = ActivityEntries.NewCustomerId("x");
        var spent = ActivityEntries.NewCustomerId("x");
        foreach (var id in due)
        {
            await store.AppendAsync(id, Write(id, "k", 0, Account(id, 1, 20, 20), [Entry(id, 1, "k", PointsEntryKind.Earn, 20)], [Lot("a", T0, 10) with { ExpiresAt = asOf }, Lot("b", T0, 10) with { ExpiresAt = asOf - Duration.FromDays(1) }]));
        }

        await store.AppendAsync(notDue, Write(notDue, "k", 0, Account(notDue, 1, 10, 10), [Entry(notDue, 1, "k", PointsEntryKind.Earn, 10)], [Lot("a", T0, 10) with { ExpiresAt = asOf + Duration.FromTicks(1) }, Lot("b", T0, 10)]));
        await store.AppendAsync(spent, Write(spent, "k", 0, Account(spent, 1, 0, 0), [Entry(spent, 1, "k", PointsEntryKind.Earn, 10)], [Lot("a", T0, 10) with { ExpiresAt = asOf - Duration.FromDays(1), Remaining = PointAmount.Zero }]));

        var listed = new List<CustomerId>();
        CustomerId? after = null;
        while (true)
        {
            var page = await store.ListExpiringAsync(asOf, after, 2);
            Assert.True(page.Count <= 2);
            if (page.Count == 0)
            {
                break;
            }

            listed.AddRange(page);
            after = page[^1];
        }

        Assert.Equal(listed.Order(), listed);
        Assert.Equal(listed.Count, listed.Distinct().Count());
        Assert.All(due, id => Assert.Contains(id, listed));
        Assert.DoesNotContain(notDue, listed);
        Assert.DoesNotContain(spent, listed);
    }

    /// <summary>The outstanding points grow by the positive balances written, and ignore negative ones.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task GetOutstanding_SumsPositiveBalances()
    {
        var store = await CreateStoreAsync();
        var before = await store.GetOutstandingAsync();
        var rich = ActivityEntries.NewCustomerId();
        var owing = ActivityEntries.NewCustomerId();

        await store.AppendAsync(rich, Write(rich, "k", 0, Account(rich, 1, 70, 70), [Entry(rich, 1, "k", PointsEntryKind.Earn, 70)], []));
        await store.AppendAsync(owing, Write(owing, "k", 0, Account(owing, 1, -40, 0), [Entry(owing, 1, "k", PointsEntryKind.Reversal, -40)], []));

        Assert.Equal(before + new PointAmount(70), await store.GetOutstandingAsync());
    }

    /// <summary>Sixteen parallel writes of one key at one version: exactly one is applied.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Append_ParallelSameKey_ExactlyOneApplies()
    {
        var store = await CreateStoreAsync();
        var id = ActivityEntries.NewCustomerId();
        var write = Write(id, "purchase:p-1", 0, Account(id, 1, 10, 10), [Entry(id, 1, "purchase:p-1", PointsEntryKind.Earn, 10)], [Lot("purchase:p-1", T0, 10)]);

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            try
            {
                return !(await store.AppendAsync(id, write)).IsReplay;
            }
            catch (CrmConcurrencyException)
            {
                return false;
            }
        })));

        Assert.Single(results, applied => applied);
        Assert.Equal(1, (await store.FindAsync(id, includeLots: false))!.Version);
    }

    /// <summary>
    /// <see cref="PointsManager"/> on this store: balance 500, 100 parallel redemptions of 10 points each. Exactly 50
    /// succeed, 50 are refused as insufficient, and the balance ends at 0.
    /// </summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Manager_100ParallelRedemptionsOf10FromBalance500_Exactly50Succeed()
    {
        var store = await CreateStoreAsync();

        // Each lost race means another redemption was written, and at most 50 can be: 100 retries always suffice.
        var manager = CreateManager(store, maxRetries: 100);
        var id = ActivityEntries.NewCustomerId();
        Assert.Equal(PointsChangeStatus.Applied, (await manager.AdjustAsync(id, new PointAmount(500), "open", "opening balance", "op-1")).Status);

        var results = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => Task.Run(() => manager.RedeemAsync(id, new PointAmount(10), $"r-{i}", "coffee"))));

        Assert.Equal(50, results.Count(r => r.Status == PointsChangeStatus.Applied));
        Assert.Equal(50, results.Count(r => r.Status == PointsChangeStatus.InsufficientPoints));
        var balance = await manager.GetBalanceAsync(id);
        Assert.Equal(PointAmount.Zero, balance.Total);
        Assert.Equal(PointAmount.Zero, balance.Available);
        var account = await store.FindAsync(id, includeLots: true);
        Assert.Equal(51, account!.EntryCount);
        Assert.Empty(account.Lots);
        Assert.Equal(51, (await store.GetEntriesAsync(id, null, 1000)).Count);
    }

    /// <summary>Builds a points manager over the store: 1 point per CNY, CNY in Asia/Shanghai, a clock at <see cref="T0"/>.</summary>
    /// <param name="store">The store.</param>
    /// <param name="maxRetries">The concurrency retries.</param>
    /// <returns>The manager.</returns>
    protected static PointsManager CreateManager(IPointsLedgerStore store, int maxRetries = 10) =>
        new(
            store,
            new NoEvents(),
            new TestClock(T0),
            Options.Create(new CrmOptions { Currency = Currency.CNY, TimeZone = DateTimeZoneProviders.Tzdb["Asia/Shanghai"], MaxConcurrencyRetries = maxRetries }),
            Options.Create(new PointsOptions { Rules = new EarnRules() }));

    private static PointsAccount Account(CustomerId id, long entryCount, long balance, long lotPoints, long debt = 0) => new()
    {
        CustomerId = id,
        EntryCount = entryCount,
        Balance = new PointAmount(balance),
        LotPoints = new PointAmount(lotPoints),
        Debt = new PointAmount(debt),
    };

    private static PointsEntry Entry(CustomerId id, long sequence, string key, PointsEntryKind kind, long points) => new()
    {
        CustomerId = id,
        Sequence = sequence,
        Key = key,
        Kind = kind,
        Points = new PointAmount(points),
        OccurredAt = T0 + Duration.FromMinutes(sequence),
        EarnedAt = T0 + Duration.FromMinutes(sequence),
        Reason = $"{kind} {points} pts",
    };

    private static PointsLot Lot(string lotId, Instant earnedAt, long points) => new()
    {
        LotId = lotId,
        EarnedAt = earnedAt,
        AvailableAt = earnedAt,
        Points = new PointAmount(points),
        Remaining = new PointAmount(points),
        Awarded = new PointAmount(points),
    };

    private static PointsWrite Write(CustomerId id, string key, long expectedVersion, PointsAccount account, IReadOnlyList<PointsEntry> entries, IReadOnlyList<PointsLot> lots) => new()
    {
        Key = key,
        ExpectedVersion = expectedVersion,
        Account = account with { CustomerId = id },
        Entries = entries,
        Lots = lots,
    };

    private sealed class NoEvents : ICrmEventSink
    {
        public ValueTask PublishAsync(CrmEvent crmEvent, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
    }
}
