using Crm.Testing.Fakes;
using Microsoft.Extensions.Options;
using NodaTime;
using Xunit;

namespace Crm.Testing.Conformance;

/// <summary>
/// Checks that an <see cref="IActivityStore"/> keeps every promise of its documentation. Derive it in the
/// adapter's test project and override <see cref="CreateStoreAsync"/>.
/// </summary>
/// <remarks>Every test uses fresh customer and fact ids, so all tests may share one database.</remarks>
public abstract class ActivityStoreConformanceTests
{
    /// <summary>A fixed instant the tests build their facts around: 2026-03-10 02:00 UTC.</summary>
    protected static readonly Instant T0 = Instant.FromUtc(2026, 3, 10, 2, 0);

    /// <summary>Creates the store under test, for the currency CNY. It may share its database with other tests.</summary>
    /// <returns>The store.</returns>
    protected abstract Task<IActivityStore> CreateStoreAsync();

    /// <summary>A new entry is stored with sequence 1 and the metrics follow it.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Append_NewEntry_AssignsSequenceAndUpdatesMetrics()
    {
        var store = await CreateStoreAsync();
        var customer = ActivityEntries.NewCustomerId();
        var entry = ActivityEntries.Purchase(ActivityEntries.NewId("p"), customer, T0, ("coffee", 25.50m), ("bakery", 12.00m));

        var result = await store.AppendAsync(entry, expectedVersion: null);

        Assert.True(result.Appended);
        Assert.Equal(1, result.Entry.Sequence);
        Assert.Equal(1, result.Metrics.Version);
        Assert.Equal(1, result.Metrics.PurchaseCount);
        Assert.Equal(new Money(37.50m, Currency.CNY), result.Metrics.NetSpend);
        Assert.Equal(CustomerMetrics.Recompute(customer, Currency.CNY, [result.Entry]), result.Metrics);
        Assert.Equal(result.Metrics, await store.GetMetricsAsync(customer));
    }

    /// <summary>Appending an entry whose kind and id exist changes nothing and returns the stored entry.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Append_SameKey_IsNoOp()
    {
        var store = await CreateStoreAsync();
        var customer = ActivityEntries.NewCustomerId();
        var id = ActivityEntries.NewId("p");
        var first = await store.AppendAsync(ActivityEntries.Purchase(id, customer, T0, ("coffee", 30m)), null);

        var again = await store.AppendAsync(ActivityEntries.Purchase(id, customer, T0 + Duration.FromHours(1), ("coffee", 99m)), null);

        Assert.False(again.Appended);
        Assert.Equal(first.Entry.Sequence, again.Entry.Sequence);
        Assert.Equal(first.Entry.Amount, again.Entry.Amount);
        Assert.Equal(first.Entry.OccurredAt, again.Entry.OccurredAt);
        Assert.Equal(first.Metrics, again.Metrics);
        Assert.Equal(first.Metrics, await store.GetMetricsAsync(customer));
    }

    /// <summary>A purchase of many lines, several in the same category, keeps every line in order and sums each category once.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Append_ManyLinesSharingCategories_KeepsLinesAndSumsCategories()
    {
        var store = await CreateStoreAsync();
        var customer = ActivityEntries.NewCustomerId();
        var lines = Enumerable.Range(1, 19).Select(i => (Category: $"c{i % 7}", Amount: i + 0.25m)).ToArray();
        var entry = ActivityEntries.Purchase(ActivityEntries.NewId("p"), customer, T0, lines);

        var result = await store.AppendAsync(entry, expectedVersion: null);

        var stored = await store.FindEntryAsync(ActivityKind.Purchase, entry.Id);
        Assert.NotNull(stored);
        Assert.Equal(entry.Lines, stored.Lines);
        Assert.Equal(7, result.Metrics.Categories.Count);
        Assert.Equal(new Money(1.25m + 8.25m + 15.25m, Currency.CNY), result.Metrics.Categories.Single(c => c.Category == "c1").NetSpend);
        Assert.Equal(CustomerMetrics.Recompute(customer, Currency.CNY, [result.Entry]), result.Metrics);
        Assert.Equal(result.Metrics, await store.GetMetricsAsync(customer));
    }

    /// <summary>Idempotency comes before the version check: a replay with a stale version is a no-op, not a conflict.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Append_SameKeyWithStaleVersion_IsNoOpNotConflict()
    {
        var store = await CreateStoreAsync();
        var customer = ActivityEntries.NewCustomerId();
        var entry = ActivityEntries.Purchase(ActivityEntries.NewId("p"), customer, T0, ("tea", 18m));
        await store.AppendAsync(entry, 0);
        await store.AppendAsync(ActivityEntries.Purchase(ActivityEntries.NewId("p"), customer, T0, ("tea", 18m)), 1);

        var again = await store.AppendAsync(entry, 0);

        Assert.False(again.Appended);
        Assert.Equal(2, again.Metrics.Version);
    }

    /// <summary>A stale expected version throws <see cref="CrmConcurrencyException"/> and writes nothing.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Append_StaleExpectedVersion_ThrowsConcurrencyAndWritesNothing()
    {
        var store = await CreateStoreAsync();
        var customer = ActivityEntries.NewCustomerId();
        await store.AppendAsync(ActivityEntries.Purchase(ActivityEntries.NewId("p"), customer, T0, ("tea", 18m)), null);
        var before = await store.GetMetricsAsync(customer);
        var late = ActivityEntries.Purchase(ActivityEntries.NewId("p"), customer, T0, ("tea", 20m));

        await Assert.ThrowsAsync<CrmConcurrencyException>(() => store.AppendAsync(late, 0));

        Assert.Equal(before, await store.GetMetricsAsync(customer));
        Assert.Null(await store.FindEntryAsync(ActivityKind.Purchase, late.Id));
    }

    /// <summary>Expected version 0 means "the customer has no activity yet".</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Append_ExpectedVersionZero_WorksOnlyForNewCustomer()
    {
        var store = await CreateStoreAsync();
        var customer = ActivityEntries.NewCustomerId();

        var first = await store.AppendAsync(ActivityEntries.Purchase(ActivityEntries.NewId("p"), customer, T0, ("tea", 18m)), 0);

        Assert.True(first.Appended);
        await Assert.ThrowsAsync<CrmConcurrencyException>(
            () => store.AppendAsync(ActivityEntries.Purchase(ActivityEntries.NewId("p"), customer, T0, ("tea", 18m)), 0));
    }

    /// <summary>Refunds lower spend, category spend and the purchase month's spend, and count as refunds.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Append_Refund_UpdatesMetricsLikeApply()
    {
        var store = await CreateStoreAsync();
        var customer = ActivityEntries.NewCustomerId();
        var purchase = (await store.AppendAsync(ActivityEntries.Purchase(ActivityEntries.NewId("p"), customer, T0, ("coffee", 30m), ("bakery", 12.40m)), null)).Entry;
        var refund = ActivityEntries.Refund(ActivityEntries.NewId("r"), purchase, T0 + Duration.FromDays(40), ("L2", 1m, 12.40m));

        var result = await store.AppendAsync(refund, 1);

        Assert.True(result.Appended);
        Assert.Equal(2, result.Entry.Sequence);
        Assert.Equal(1, result.Metrics.PurchaseCount);
        Assert.Equal(1, result.Metrics.RefundCount);
        Assert.Equal(new Money(30m, Currency.CNY), result.Metrics.NetSpend);
        Assert.Equal(Money.Zero(Currency.CNY), result.Metrics.SpendIn("bakery"));
        var month = Assert.Single(result.Metrics.Months);
        Assert.Equal(new YearMonth(2026, 3), month.Month);
        Assert.Equal(new Money(30m, Currency.CNY), month.NetSpend);
        Assert.Equal(CustomerMetrics.Recompute(customer, Currency.CNY, [purchase, result.Entry]), result.Metrics);
    }

    /// <summary>After purchases in several months and categories, out of order, and refunds, metrics equal a recomputation from the journal.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Metrics_AfterMixedEntries_EqualRecomputation()
    {
        var store = await CreateStoreAsync();
        var customer = ActivityEntries.NewCustomerId();
        var p1 = (await store.AppendAsync(ActivityEntries.Purchase(ActivityEntries.NewId("p"), customer, T0 + Duration.FromDays(60), ("coffee", 28m), ("tea", 16.5m)), null)).Entry;
        await store.AppendAsync(ActivityEntries.Purchase(ActivityEntries.NewId("p"), customer, T0, ("bakery", 9.9m)), null);
        await store.AppendAsync(ActivityEntries.Purchase(ActivityEntries.NewId("p"), customer, T0 - Duration.FromDays(90), ("coffee", 31m)), null);
        await store.AppendAsync(ActivityEntries.Refund(ActivityEntries.NewId("r"), p1, T0 + Duration.FromDays(61), ("L1", 0.5m, 14m)), null);
        await store.AppendAsync(ActivityEntries.Refund(ActivityEntries.NewId("r"), p1, T0 + Duration.FromDays(62), ("L1", 0.5m, 14m), ("L2", 1m, 16.5m)), null);

        var metrics = await store.GetMetricsAsync(customer);
        var journal = await store.GetEntriesAsync(customer, 0, 100);

        Assert.NotNull(metrics);
        Assert.Equal(5, journal.Count);
        Assert.Equal(CustomerMetrics.Recompute(customer, Currency.CNY, journal), metrics);
        Assert.Equal(T0 - Duration.FromDays(90), metrics.FirstPurchaseAt);
        Assert.Equal(T0 + Duration.FromDays(60), metrics.LastPurchaseAt);
        Assert.Equal(new Money(40.9m, Currency.CNY), metrics.NetSpend);
        Assert.Equal(3, metrics.Months.Count);
    }

    /// <summary>Nothing recorded: metrics are null, entries are empty.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Queries_UnknownCustomerOrId_ReturnNullOrEmpty()
    {
        var store = await CreateStoreAsync();
        var customer = ActivityEntries.NewCustomerId();

        Assert.Null(await store.GetMetricsAsync(customer));
        Assert.Null(await store.FindEntryAsync(ActivityKind.Purchase, ActivityEntries.NewId("p")));
        Assert.Empty(await store.GetEntriesAsync(customer, 0, 10));
        Assert.Empty(await store.GetRefundsOfPurchaseAsync(ActivityEntries.NewId("p")));
    }

    /// <summary>An entry reads back with every field intact, including fractional quantities and exact amounts.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task FindEntry_RoundTripsEveryField()
    {
        var store = await CreateStoreAsync();
        var customer = ActivityEntries.NewCustomerId();
        var entry = new ActivityEntry
        {
            Kind = ActivityKind.Purchase,
            Id = ActivityEntries.NewId("p"),
            CustomerId = customer,
            PurchaseId = "ignored-for-purchases",
            OccurredAt = T0 + Duration.FromTicks(1234567),
            PurchasedAt = T0 + Duration.FromTicks(1234567),
            PurchaseMonth = new YearMonth(2026, 3),
            StoreId = "shanghai-07",
            Channel = SalesChannel.MiniProgram,
            Amount = new Money(45.47m, Currency.CNY),
            Lines =
            [
                new ActivityLine("1", "cherry-kg", "fruit", 0.355m, new Money(35.47m, Currency.CNY)),
                new ActivityLine("2", "bag", "packaging", 2m, new Money(10.00m, Currency.CNY)),
            ],
            RecordedAt = T0 + Duration.FromSeconds(3),
        };
        entry = entry with { PurchaseId = entry.Id };

        await store.AppendAsync(entry, null);
        var found = await store.FindEntryAsync(ActivityKind.Purchase, entry.Id);

        Assert.NotNull(found);
        Assert.Equal(entry with { Sequence = 1, Lines = found.Lines }, found);
        Assert.Equal(entry.Lines, found.Lines);
    }

    /// <summary>
    /// A refund round-trips every field too, through <see cref="IActivityStore.FindEntryAsync"/> and
    /// <see cref="IActivityStore.GetRefundsOfPurchaseAsync"/>, and ids, store ids, SKUs and categories need not be ASCII.
    /// </summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task FindEntry_RefundWithNonAsciiText_RoundTripsEveryField()
    {
        var store = await CreateStoreAsync();
        var customer = ActivityEntries.NewCustomerId();
        var purchaseId = ActivityEntries.NewId("订单");
        var purchase = new ActivityEntry
        {
            Kind = ActivityKind.Purchase,
            Id = purchaseId,
            CustomerId = customer,
            PurchaseId = purchaseId,
            OccurredAt = T0,
            PurchasedAt = T0,
            PurchaseMonth = new YearMonth(2026, 3),
            StoreId = "上海-静安-07",
            Channel = SalesChannel.InStore,
            Amount = new Money(56m, Currency.CNY),
            Lines =
            [
                new ActivityLine("行-1", "拿铁-大杯", "咖啡", 2m, new Money(36m, Currency.CNY)),
                new ActivityLine("行-2", "可颂", "烘焙", 1m, new Money(20m, Currency.CNY)),
            ],
            RecordedAt = T0 + Duration.FromSeconds(1),
        };
        var refund = new ActivityEntry
        {
            Kind = ActivityKind.Refund,
            Id = ActivityEntries.NewId("退款"),
            CustomerId = customer,
            PurchaseId = purchaseId,
            OccurredAt = T0 + Duration.FromDays(40) + Duration.FromTicks(7654321),
            PurchasedAt = T0,
            PurchaseMonth = new YearMonth(2026, 3),
            StoreId = "上海-徐汇-02",
            Channel = SalesChannel.App,
            Amount = new Money(18m, Currency.CNY),
            Lines = [new ActivityLine("行-1", "拿铁-大杯", "咖啡", 1m, new Money(18m, Currency.CNY))],
            RecordedAt = T0 + Duration.FromDays(40) + Duration.FromSeconds(2),
        };

        await store.AppendAsync(purchase, null);
        await store.AppendAsync(refund, null);
        var foundPurchase = await store.FindEntryAsync(ActivityKind.Purchase, purchaseId);
        var foundRefund = await store.FindEntryAsync(ActivityKind.Refund, refund.Id);
        var refunds = await store.GetRefundsOfPurchaseAsync(purchaseId);

        Assert.NotNull(foundPurchase);
        Assert.Equal(purchase with { Sequence = 1, Lines = foundPurchase.Lines }, foundPurchase);
        Assert.Equal(purchase.Lines, foundPurchase.Lines);
        Assert.NotNull(foundRefund);
        Assert.Equal(refund with { Sequence = 2, Lines = foundRefund.Lines }, foundRefund);
        Assert.Equal(refund.Lines, foundRefund.Lines);
        var listed = Assert.Single(refunds);
        Assert.Equal(refund with { Sequence = 2, Lines = listed.Lines }, listed);
        Assert.Equal(refund.Lines, listed.Lines);
    }

    /// <summary>A purchase and a refund may share an id: the kind is part of the key.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task FindEntry_KindIsPartOfTheKey()
    {
        var store = await CreateStoreAsync();
        var customer = ActivityEntries.NewCustomerId();
        var id = ActivityEntries.NewId("x");
        var purchase = (await store.AppendAsync(ActivityEntries.Purchase(id, customer, T0, ("tea", 18m)), null)).Entry;

        var refund = await store.AppendAsync(ActivityEntries.Refund(id, purchase, T0, ("L1", 1m, 18m)), null);

        Assert.True(refund.Appended);
        Assert.Equal(ActivityKind.Purchase, (await store.FindEntryAsync(ActivityKind.Purchase, id))!.Kind);
        Assert.Equal(ActivityKind.Refund, (await store.FindEntryAsync(ActivityKind.Refund, id))!.Kind);
    }

    /// <summary>Refunds of a purchase come back in journal order, and only that purchase's.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task GetRefundsOfPurchase_ReturnsThatPurchasesRefundsInOrder()
    {
        var store = await CreateStoreAsync();
        var customer = ActivityEntries.NewCustomerId();
        var p1 = (await store.AppendAsync(ActivityEntries.Purchase(ActivityEntries.NewId("p"), customer, T0, ("tea", 18m), ("cake", 20m)), null)).Entry;
        var p2 = (await store.AppendAsync(ActivityEntries.Purchase(ActivityEntries.NewId("p"), customer, T0, ("tea", 18m)), null)).Entry;
        var r1 = ActivityEntries.Refund(ActivityEntries.NewId("r"), p1, T0, ("L2", 1m, 20m));
        var r2 = ActivityEntries.Refund(ActivityEntries.NewId("r"), p2, T0, ("L1", 1m, 18m));
        var r3 = ActivityEntries.Refund(ActivityEntries.NewId("r"), p1, T0, ("L1", 1m, 18m));
        foreach (var refund in new[] { r1, r2, r3 })
        {
            await store.AppendAsync(refund, null);
        }

        var refunds = await store.GetRefundsOfPurchaseAsync(p1.Id);

        Assert.Equal([r1.Id, r3.Id], refunds.Select(r => r.Id));
        Assert.Equal([3L, 5L], refunds.Select(r => r.Sequence));
    }

    /// <summary>The journal pages in ascending sequence order.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task GetEntries_PagesInSequenceOrder()
    {
        var store = await CreateStoreAsync();
        var customer = ActivityEntries.NewCustomerId();
        var ids = Enumerable.Range(0, 7).Select(_ => ActivityEntries.NewId("p")).ToList();
        foreach (var id in ids)
        {
            await store.AppendAsync(ActivityEntries.Purchase(id, customer, T0, ("tea", 1m)), null);
        }

        var page1 = await store.GetEntriesAsync(customer, 0, 3);
        var page2 = await store.GetEntriesAsync(customer, page1[^1].Sequence, 3);
        var page3 = await store.GetEntriesAsync(customer, page2[^1].Sequence, 3);
        var page4 = await store.GetEntriesAsync(customer, page3[^1].Sequence, 3);

        Assert.Equal(ids, page1.Concat(page2).Concat(page3).Select(e => e.Id));
        Assert.Equal([1L, 2L, 3L], page1.Select(e => e.Sequence));
        Assert.Single(page3);
        Assert.Empty(page4);
    }

    /// <summary>Customers page in ascending ordinal order of their ids (upper case before lower case).</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task ListMetrics_PagesInOrdinalOrder()
    {
        var store = await CreateStoreAsync();
        var prefix = $"list-{Guid.NewGuid():N}-";
        var ids = new[] { "b", "B", "a", "a1", "Z", "0" }.Select(s => new CustomerId(prefix + s)).ToArray();
        foreach (var id in ids)
        {
            await store.AppendAsync(ActivityEntries.Purchase(ActivityEntries.NewId("p"), id, T0, ("tea", 1m)), null);
        }

        var seen = new List<CustomerId>();
        CustomerId? after = new CustomerId(prefix.TrimEnd('-'));
        while (true)
        {
            var page = await store.ListMetricsAsync(after, 4);
            var mine = page.Where(m => m.CustomerId.Value.StartsWith(prefix, StringComparison.Ordinal)).ToList();
            seen.AddRange(mine.Select(m => m.CustomerId));
            if (page.Count < 4 || mine.Count < page.Count)
            {
                break;
            }

            after = page[^1].CustomerId;
        }

        Assert.Equal(ids.Order().Select(i => i.Value), seen.Select(i => i.Value));
        Assert.Equal([prefix + "0", prefix + "B", prefix + "Z", prefix + "a", prefix + "a1", prefix + "b"], seen.Select(i => i.Value));
    }

    /// <summary>Many tasks appending to one customer at once: every entry counts once and metrics are exact.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task ConcurrentAppends_OneCustomer_AllCountedExactly()
    {
        var store = await CreateStoreAsync();
        var customer = ActivityEntries.NewCustomerId();
        const int Tasks = 16, PerTask = 25;

        await Task.WhenAll(Enumerable.Range(0, Tasks).Select(t => Task.Run(async () =>
        {
            for (var i = 0; i < PerTask; i++)
            {
                await store.AppendAsync(ActivityEntries.Purchase($"{customer}-{t}-{i}", customer, T0 + Duration.FromDays(i), ("coffee", 10.01m)), null);
            }
        })));

        var metrics = await store.GetMetricsAsync(customer);
        var journal = await store.GetEntriesAsync(customer, 0, 1000);
        Assert.NotNull(metrics);
        Assert.Equal(Tasks * PerTask, metrics.PurchaseCount);
        Assert.Equal(Tasks * PerTask, metrics.Version);
        Assert.Equal(new Money(10.01m * Tasks * PerTask, Currency.CNY), metrics.NetSpend);
        Assert.Equal(Enumerable.Range(1, Tasks * PerTask).Select(i => (long)i), journal.Select(e => e.Sequence));
        Assert.Equal(CustomerMetrics.Recompute(customer, Currency.CNY, journal), metrics);
    }

    /// <summary>The same entry appended from many tasks at once is stored exactly once.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task ConcurrentAppends_SameKey_ExactlyOneAppended()
    {
        var store = await CreateStoreAsync();
        var customer = ActivityEntries.NewCustomerId();
        var entry = ActivityEntries.Purchase(ActivityEntries.NewId("p"), customer, T0, ("coffee", 30m));

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => store.AppendAsync(entry, null))));

        Assert.Single(results, r => r.Appended);
        Assert.Equal(1, (await store.GetMetricsAsync(customer))!.Version);
    }

    /// <summary>
    /// One purchase id appended for two customers at the same moment is stored once, for one of them: the id is unique
    /// in the whole store, and the other customer is left without activity. Two threads race 100 times.
    /// </summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task ConcurrentAppends_SameKeyForTwoCustomers_StoredOnceForOne()
    {
        var store = await CreateStoreAsync();
        for (var round = 0; round < 100; round++)
        {
            var id = ActivityEntries.NewId("p");
            var customers = new[] { ActivityEntries.NewCustomerId(), ActivityEntries.NewCustomerId() };
            using var start = new Barrier(customers.Length);
            var results = await Task.WhenAll(customers.Select(c => Task.Factory.StartNew(
                () =>
                {
                    start.SignalAndWait();
                    return store.AppendAsync(ActivityEntries.Purchase(id, c, T0, ("coffee", 30m)), null).GetAwaiter().GetResult();
                },
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default)));

            var winner = Assert.Single(results, r => r.Appended).Entry.CustomerId;
            var loser = customers.Single(c => c != winner);
            Assert.All(results, r => Assert.Equal(winner, r.Entry.CustomerId));
            Assert.All(results, r => Assert.Equal((winner, 1L), (r.Metrics.CustomerId, r.Metrics.Version)));
            Assert.Equal(winner, (await store.FindEntryAsync(ActivityKind.Purchase, id))!.CustomerId);
            Assert.Equal(1, (await store.GetMetricsAsync(winner))!.Version);
            Assert.Null(await store.GetMetricsAsync(loser));
            Assert.Empty(await store.GetEntriesAsync(loser, 0, 10));
        }
    }

    /// <summary>
    /// The front door on this store: 1,000 purchases for one customer recorded from 16 tasks give exact metrics.
    /// </summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task CrmManager_ParallelPurchasesForOneCustomer_GiveExactMetrics()
    {
        var store = await CreateStoreAsync();
        var manager = CreateManager(store);
        var customer = ActivityEntries.NewCustomerId();
        const int Tasks = 16, Total = 1000;

        await Task.WhenAll(Enumerable.Range(0, Tasks).Select(t => Task.Run(async () =>
        {
            for (var i = t; i < Total; i += Tasks)
            {
                await manager.RecordPurchaseAsync(NewPurchase($"{customer}-p{i}", customer, T0 + Duration.FromHours(i), 12.34m));
            }
        })));

        var metrics = await manager.GetMetricsAsync(customer);
        Assert.Equal(Total, metrics.PurchaseCount);
        Assert.Equal(new Money(12.34m * Total, Currency.CNY), metrics.NetSpend);
        Assert.Equal(T0, metrics.FirstPurchaseAt);
        Assert.Equal(T0 + Duration.FromHours(Total - 1), metrics.LastPurchaseAt);
        Assert.Equal(Total, metrics.Months.Sum(m => m.PurchaseCount));
    }

    /// <summary>
    /// Twenty refunds of 10.00 race against one purchase of 100.00: exactly ten succeed, the rest are refused, nothing is refunded twice.
    /// </summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task CrmManager_ParallelRefunds_NeverRefundMoreThanPaid()
    {
        var store = await CreateStoreAsync();
        var manager = CreateManager(store, maxRetries: 100);
        var customer = ActivityEntries.NewCustomerId();
        var purchaseId = ActivityEntries.NewId("p");
        await manager.RecordPurchaseAsync(NewPurchase(purchaseId, customer, T0, 100m));

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
        {
            try
            {
                await manager.RecordRefundAsync(new Refund { Id = $"{purchaseId}-r{i}", PurchaseId = purchaseId, OccurredAt = T0, Amount = new Money(10m, Currency.CNY) });
                return true;
            }
            catch (CrmValidationException e) when (e.ErrorCode == CrmErrorCodes.RefundAmountExceedsPaid)
            {
                return false;
            }
        })));

        Assert.Equal(10, outcomes.Count(ok => ok));
        var metrics = await manager.GetMetricsAsync(customer);
        Assert.Equal(Money.Zero(Currency.CNY), metrics.NetSpend);
        Assert.Equal(10, metrics.RefundCount);
    }

    /// <summary>Builds a manager over the store for CNY in Asia/Shanghai with a clock at <see cref="T0"/> + 1 year.</summary>
    /// <param name="store">The store.</param>
    /// <param name="maxRetries">The concurrency retry budget.</param>
    /// <returns>The manager.</returns>
    protected static CrmManager CreateManager(IActivityStore store, int maxRetries = 10) =>
        new(
            store,
            new NullCustomerStore(),
            [],
            [],
            new TestClock(T0 + Duration.FromDays(365)),
            Options.Create(new CrmOptions { Currency = Currency.CNY, TimeZone = DateTimeZoneProviders.Tzdb["Asia/Shanghai"], MaxConcurrencyRetries = maxRetries }));

    private static Purchase NewPurchase(string id, CustomerId customer, Instant at, decimal amount) => new()
    {
        Id = id,
        CustomerId = customer,
        StoreId = "store-1",
        OccurredAt = at,
        Lines = [new PurchaseLine { LineId = "1", Sku = "latte", Category = "coffee", Quantity = 1, UnitPrice = new Money(amount, Currency.CNY) }],
        PaidTotal = new Money(amount, Currency.CNY),
    };
}
