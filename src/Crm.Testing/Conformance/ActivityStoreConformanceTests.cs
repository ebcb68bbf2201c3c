using Crm.Testing.Fakes;
using NodaTime;
using Xunit;

namespace Crm.Testing.Conformance;

/// <summary>
/// Checks that an <see cref="IActivityStore"/> keeps every promise of its documentation, on the store a host resolves
/// (whose writes apply at once). Derive it in the adapter's test project and override <see cref="CreateStoreAsync"/>.
/// </summary>
/// <remarks>
/// <para>Every test uses fresh customer and fact ids, so all tests may share one database.</para>
/// <para>The same store bound to a unit of work, and <see cref="CrmManager"/> recording facts through units, are checked
/// by <see cref="UnitOfWorkConformanceTests"/>.</para>
/// </remarks>
public abstract class ActivityStoreConformanceTests
{
    /// <summary>The precision of instants in the stores: one tick, 100 ns (an adapter may keep no finer).</summary>
    protected static readonly Duration Tick = Duration.FromTicks(1);

    /// <summary>A fixed instant the tests build their facts around: 2026-03-10 02:00 UTC.</summary>
    protected static readonly Instant T0 = Instant.FromUtc(2026, 3, 10, 2, 0);

    /// <summary>Creates the store under test, for the currency CNY. It may share its database with other tests.</summary>
    /// <returns>The store.</returns>
    protected abstract Task<IActivityStore> CreateStoreAsync();

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

    /// <summary>
    /// An amount is either kept exactly or refused: an entry whose amount the store cannot hold (past 64-bit minor units, say)
    /// throws <see cref="CrmStorageException"/> with <see cref="CrmErrorCodes.StorageValueOutOfRange"/>, not transient, and
    /// nothing of it is written; never a raw <see cref="OverflowException"/>, never another amount read back.
    /// </summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Append_HugeAmount_IsKeptExactlyOrRefusedAsOutOfRange()
    {
        var store = await CreateStoreAsync();
        var failures = new List<string>();
        foreach (var value in new[] { 92_233_720_368_547_758.07m, 92_233_720_368_547_758.08m, 100_000_000_000_000_000_000m, 792_281_625_142_643_375_935_439_503.35m })
        {
            var customer = ActivityEntries.NewCustomerId();
            var entry = ActivityEntries.Purchase(ActivityEntries.NewId("p"), customer, T0, ("coffee", value)) with { Sequence = 1 };

            var thrown = await Record.ExceptionAsync(() => store.AppendAsync(entry, 0));

            var found = await store.FindEntryAsync(ActivityKind.Purchase, entry.Id);
            var metrics = await store.GetMetricsAsync(customer);
            if (thrown is null && (found?.Amount != entry.Amount || metrics?.NetSpend != entry.Amount))
            {
                failures.Add($"{value}: kept as {found?.Amount}, net spend {metrics?.NetSpend}");
            }
            else if (thrown is not null && (thrown is not CrmStorageException { ErrorCode: CrmErrorCodes.StorageValueOutOfRange, IsTransient: false } || found is not null || metrics is not null))
            {
                failures.Add($"{value}: threw {thrown.GetType().Name} ({(thrown as CrmException)?.ErrorCode}: {thrown.Message}), entry {(found is null ? "absent" : "written")}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("; ", failures));
    }

    /// <summary>A new entry at expected version 0 is stored with sequence 1, and the metrics follow it.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Append_NewEntry_StoresItAndUpdatesMetrics()
    {
        var store = await CreateStoreAsync();
        var customer = ActivityEntries.NewCustomerId();
        var entry = ActivityEntries.Purchase(ActivityEntries.NewId("p"), customer, T0, ("coffee", 25.50m), ("bakery", 12.00m));

        await store.AppendAsync(entry with { Sequence = 1 }, 0);

        var metrics = await store.GetMetricsAsync(customer);
        Assert.NotNull(metrics);
        Assert.Equal(1, metrics.Version);
        Assert.Equal(1, metrics.PurchaseCount);
        Assert.Equal(new Money(37.50m, Currency.CNY), metrics.NetSpend);
        Assert.Equal(CustomerMetrics.Recompute(customer, Currency.CNY, [entry with { Sequence = 1 }]), metrics);
        var found = await store.FindEntryAsync(ActivityKind.Purchase, entry.Id);
        Assert.NotNull(found);
        Assert.Equal(entry with { Sequence = 1, Lines = found.Lines }, found);
        Assert.Equal(entry.Lines, found.Lines);
    }

    /// <summary>An entry whose sequence is not the expected version + 1 throws <see cref="ArgumentException"/> and writes nothing.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Append_SequenceNotExpectedVersionPlusOne_ThrowsArgumentAndWritesNothing()
    {
        var store = await CreateStoreAsync();
        var customer = ActivityEntries.NewCustomerId();
        var entry = ActivityEntries.Purchase(ActivityEntries.NewId("p"), customer, T0, ("tea", 18m));

        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.AppendAsync(entry with { Sequence = 2 }, 0));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.AppendAsync(entry, 0));

        Assert.Null(await store.GetMetricsAsync(customer));
        Assert.Null(await store.FindEntryAsync(ActivityKind.Purchase, entry.Id));
    }

    /// <summary>Appending an entry whose kind and id exist throws <see cref="CrmConcurrencyException"/> and writes nothing, even at the current version.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Append_SameKey_ThrowsConcurrencyAndWritesNothing()
    {
        var store = await CreateStoreAsync();
        var customer = ActivityEntries.NewCustomerId();
        var id = ActivityEntries.NewId("p");
        var first = ActivityEntries.Purchase(id, customer, T0, ("coffee", 30m)) with { Sequence = 1 };
        await store.AppendAsync(first, 0);
        var before = await store.GetMetricsAsync(customer);

        var again = ActivityEntries.Purchase(id, customer, T0 + Duration.FromHours(1), ("coffee", 99m)) with { Sequence = 2 };
        await Assert.ThrowsAsync<CrmConcurrencyException>(() => store.AppendAsync(again, 1));
        await Assert.ThrowsAsync<CrmConcurrencyException>(() => store.AppendAsync(first, 0));

        Assert.Equal(before, await store.GetMetricsAsync(customer));
        Assert.Equal(new Money(30m, Currency.CNY), (await store.FindEntryAsync(ActivityKind.Purchase, id))!.Amount);
        Assert.Single(await store.GetEntriesAsync(customer, 0, 10));
    }

    /// <summary>The kind and id are unique in the whole store: the same purchase id for another customer throws and writes nothing for either.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Append_SameKeyForAnotherCustomer_ThrowsConcurrencyAndWritesNothing()
    {
        var store = await CreateStoreAsync();
        var alice = ActivityEntries.NewCustomerId();
        var bob = ActivityEntries.NewCustomerId();
        var id = ActivityEntries.NewId("p");
        await store.AppendAsync(ActivityEntries.Purchase(id, alice, T0, ("coffee", 30m)) with { Sequence = 1 }, 0);

        await Assert.ThrowsAsync<CrmConcurrencyException>(() => store.AppendAsync(ActivityEntries.Purchase(id, bob, T0, ("coffee", 30m)) with { Sequence = 1 }, 0));

        Assert.Null(await store.GetMetricsAsync(bob));
        Assert.Empty(await store.GetEntriesAsync(bob, 0, 10));
        Assert.Equal(alice, (await store.FindEntryAsync(ActivityKind.Purchase, id))!.CustomerId);
        Assert.Equal(1, (await store.GetMetricsAsync(alice))!.Version);
    }

    /// <summary>A purchase of many lines, several in the same category, keeps every line in order and sums each category once.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Append_ManyLinesSharingCategories_KeepsLinesAndSumsCategories()
    {
        var store = await CreateStoreAsync();
        var customer = ActivityEntries.NewCustomerId();
        var lines = Enumerable.Range(1, 19).Select(i => (Category: $"c{i % 7}", Amount: i + 0.25m)).ToArray();
        var entry = ActivityEntries.Purchase(ActivityEntries.NewId("p"), customer, T0, lines) with { Sequence = 1 };

        await store.AppendAsync(entry, 0);

        var stored = await store.FindEntryAsync(ActivityKind.Purchase, entry.Id);
        var metrics = await store.GetMetricsAsync(customer);
        Assert.NotNull(stored);
        Assert.NotNull(metrics);
        Assert.Equal(entry.Lines, stored.Lines);
        Assert.Equal(7, metrics.Categories.Count);
        Assert.Equal(new Money(1.25m + 8.25m + 15.25m, Currency.CNY), metrics.Categories.Single(c => c.Category == "c1").NetSpend);
        Assert.Equal(CustomerMetrics.Recompute(customer, Currency.CNY, [entry]), metrics);
    }

    /// <summary>A stale expected version throws <see cref="CrmConcurrencyException"/> and writes nothing.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Append_StaleExpectedVersion_ThrowsConcurrencyAndWritesNothing()
    {
        var store = await CreateStoreAsync();
        var customer = ActivityEntries.NewCustomerId();
        await ActivityEntries.AppendAsync(store, ActivityEntries.Purchase(ActivityEntries.NewId("p"), customer, T0, ("tea", 18m)));
        await ActivityEntries.AppendAsync(store, ActivityEntries.Purchase(ActivityEntries.NewId("p"), customer, T0, ("tea", 19m)));
        var before = await store.GetMetricsAsync(customer);
        var late = ActivityEntries.Purchase(ActivityEntries.NewId("p"), customer, T0, ("tea", 20m));

        await Assert.ThrowsAsync<CrmConcurrencyException>(() => store.AppendAsync(late with { Sequence = 2 }, 1));
        await Assert.ThrowsAsync<CrmConcurrencyException>(() => store.AppendAsync(late with { Sequence = 4 }, 3));

        Assert.Equal(before, await store.GetMetricsAsync(customer));
        Assert.Null(await store.FindEntryAsync(ActivityKind.Purchase, late.Id));
        Assert.Equal(2, (await store.GetEntriesAsync(customer, 0, 10)).Count);
    }

    /// <summary>Expected version 0 means "the customer has no activity yet".</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Append_ExpectedVersionZero_WorksOnlyForNewCustomer()
    {
        var store = await CreateStoreAsync();
        var customer = ActivityEntries.NewCustomerId();

        await store.AppendAsync(ActivityEntries.Purchase(ActivityEntries.NewId("p"), customer, T0, ("tea", 18m)) with { Sequence = 1 }, 0);

        Assert.Equal(1, (await store.GetMetricsAsync(customer))!.Version);
        await Assert.ThrowsAsync<CrmConcurrencyException>(
            () => store.AppendAsync(ActivityEntries.Purchase(ActivityEntries.NewId("p"), customer, T0, ("tea", 18m)) with { Sequence = 1 }, 0));
        Assert.Equal(1, (await store.GetMetricsAsync(customer))!.Version);
    }

    /// <summary>
    /// The append and the metrics are one atomic write: an entry the metrics refuse (in another currency than the
    /// customer's activity) throws and leaves neither an entry nor a change of the metrics.
    /// </summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Append_EntryTheMetricsRefuse_WritesNothing()
    {
        var store = await CreateStoreAsync();
        var customer = ActivityEntries.NewCustomerId();
        await ActivityEntries.AppendAsync(store, ActivityEntries.Purchase(ActivityEntries.NewId("p"), customer, T0, ("tea", 18m)));
        var before = await store.GetMetricsAsync(customer);
        var usd = ActivityEntries.Purchase(ActivityEntries.NewId("p"), customer, T0, ("tea", 18m));
        usd = usd with
        {
            Sequence = 2,
            Amount = new Money(18m, Currency.USD),
            Lines = [.. usd.Lines.Select(l => l with { Amount = new Money(l.Amount.Amount, Currency.USD) })],
        };

        await Assert.ThrowsAnyAsync<Exception>(() => store.AppendAsync(usd, 1));

        Assert.Equal(before, await store.GetMetricsAsync(customer));
        Assert.Null(await store.FindEntryAsync(ActivityKind.Purchase, usd.Id));
        Assert.Single(await store.GetEntriesAsync(customer, 0, 10));
    }

    /// <summary>Refunds lower spend, category spend and the purchase month's spend, and count as refunds.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Append_Refund_UpdatesMetricsLikeApply()
    {
        var store = await CreateStoreAsync();
        var customer = ActivityEntries.NewCustomerId();
        var purchase = await ActivityEntries.AppendAsync(store, ActivityEntries.Purchase(ActivityEntries.NewId("p"), customer, T0, ("coffee", 30m), ("bakery", 12.40m)));
        var refund = ActivityEntries.Refund(ActivityEntries.NewId("r"), purchase, T0 + Duration.FromDays(40), ("L2", 1m, 12.40m)) with { Sequence = 2 };

        await store.AppendAsync(refund, 1);

        var metrics = await store.GetMetricsAsync(customer);
        Assert.NotNull(metrics);
        Assert.Equal(2, metrics.Version);
        Assert.Equal(1, metrics.PurchaseCount);
        Assert.Equal(1, metrics.RefundCount);
        Assert.Equal(new Money(30m, Currency.CNY), metrics.NetSpend);
        Assert.Equal(Money.Zero(Currency.CNY), metrics.SpendIn("bakery"));
        var month = Assert.Single(metrics.Months);
        Assert.Equal(new YearMonth(2026, 3), month.Month);
        Assert.Equal(new Money(30m, Currency.CNY), month.NetSpend);
        Assert.Equal(CustomerMetrics.Recompute(customer, Currency.CNY, [purchase, refund]), metrics);
    }

    /// <summary>After purchases in several months and categories, out of order, and refunds, metrics equal a recomputation from the journal.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Metrics_AfterMixedEntries_EqualRecomputation()
    {
        var store = await CreateStoreAsync();
        var customer = ActivityEntries.NewCustomerId();
        var p1 = await ActivityEntries.AppendAsync(store, ActivityEntries.Purchase(ActivityEntries.NewId("p"), customer, T0 + Duration.FromDays(60), ("coffee", 28m), ("tea", 16.5m)));
        await ActivityEntries.AppendAsync(store, ActivityEntries.Purchase(ActivityEntries.NewId("p"), customer, T0, ("bakery", 9.9m)));
        await ActivityEntries.AppendAsync(store, ActivityEntries.Purchase(ActivityEntries.NewId("p"), customer, T0 - Duration.FromDays(90), ("coffee", 31m)));
        await ActivityEntries.AppendAsync(store, ActivityEntries.Refund(ActivityEntries.NewId("r"), p1, T0 + Duration.FromDays(61), ("L1", 0.5m, 14m)));
        await ActivityEntries.AppendAsync(store, ActivityEntries.Refund(ActivityEntries.NewId("r"), p1, T0 + Duration.FromDays(62), ("L1", 0.5m, 14m), ("L2", 1m, 16.5m)));

        var metrics = await store.GetMetricsAsync(customer);
        var journal = await store.GetEntriesAsync(customer, 0, 100);

        Assert.NotNull(metrics);
        Assert.Equal(5, journal.Count);
        Assert.Equal(5, metrics.Version);
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
        Assert.Equal(new ActivityTotals(0, Money.Zero(Currency.CNY)), await store.GetTotalsAsync(customer, T0 - Duration.FromDays(1000), T0 + Duration.FromDays(1000)));
        Assert.Empty(await store.GetPurchaseInstantsAsync(customer, T0 - Duration.FromDays(1000), T0 + Duration.FromDays(1000)));
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
                new ActivityLine { LineId = "1", Sku = "cherry-kg", Category = "fruit", Quantity = 0.355m, Amount = new Money(35.47m, Currency.CNY) },
                new ActivityLine { LineId = "2", Sku = "bag", Category = "packaging", Quantity = 2m, Amount = new Money(10.00m, Currency.CNY) },
            ],
            RecordedAt = T0 + Duration.FromSeconds(3),
        };
        entry = entry with { PurchaseId = entry.Id };

        await store.AppendAsync(entry with { Sequence = 1 }, 0);
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
                new ActivityLine { LineId = "行-1", Sku = "拿铁-大杯", Category = "咖啡", Quantity = 2m, Amount = new Money(36m, Currency.CNY) },
                new ActivityLine { LineId = "行-2", Sku = "可颂", Category = "烘焙", Quantity = 1m, Amount = new Money(20m, Currency.CNY) },
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
            Lines = [new ActivityLine { LineId = "行-1", Sku = "拿铁-大杯", Category = "咖啡", Quantity = 1m, Amount = new Money(18m, Currency.CNY) }],
            RecordedAt = T0 + Duration.FromDays(40) + Duration.FromSeconds(2),
        };

        await store.AppendAsync(purchase with { Sequence = 1 }, 0);
        await store.AppendAsync(refund with { Sequence = 2 }, 1);
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
        var purchase = await ActivityEntries.AppendAsync(store, ActivityEntries.Purchase(id, customer, T0, ("tea", 18m)));

        await store.AppendAsync(ActivityEntries.Refund(id, purchase, T0, ("L1", 1m, 18m)) with { Sequence = 2 }, 1);

        Assert.Equal(2, (await store.GetMetricsAsync(customer))!.Version);
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
        var p1 = await ActivityEntries.AppendAsync(store, ActivityEntries.Purchase(ActivityEntries.NewId("p"), customer, T0, ("tea", 18m), ("cake", 20m)));
        var p2 = await ActivityEntries.AppendAsync(store, ActivityEntries.Purchase(ActivityEntries.NewId("p"), customer, T0, ("tea", 18m)));
        var r1 = ActivityEntries.Refund(ActivityEntries.NewId("r"), p1, T0, ("L2", 1m, 20m));
        var r2 = ActivityEntries.Refund(ActivityEntries.NewId("r"), p2, T0, ("L1", 1m, 18m));
        var r3 = ActivityEntries.Refund(ActivityEntries.NewId("r"), p1, T0, ("L1", 1m, 18m));
        foreach (var refund in new[] { r1, r2, r3 })
        {
            await ActivityEntries.AppendAsync(store, refund);
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
            await ActivityEntries.AppendAsync(store, ActivityEntries.Purchase(id, customer, T0, ("tea", 1m)));
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
            await ActivityEntries.AppendAsync(store, ActivityEntries.Purchase(ActivityEntries.NewId("p"), id, T0, ("tea", 1m)));
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

    /// <summary>
    /// The journal by purchase time: every customer's entries whose purchase falls in [from, to] (both ends inclusive to the
    /// tick), each purchase followed by its refunds even when they were made after the period, ordered by purchase instant,
    /// purchase id, kind and id, with their lines, and paged on <see cref="JournalPosition"/> without loss or repetition.
    /// </summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task ListEntries_ByPurchaseTime_EveryCustomerInOrderWithRefundsAfterTheirPurchase()
    {
        var store = await CreateStoreAsync();

        // A period of its own, far from every other test's instants, so tests can share one database.
        var from = Instant.FromUtc(2200, 1, 1, 0, 0) + Duration.FromMinutes(Random.Shared.NextInt64(0, 50_000_000) * 2);
        var to = from + Duration.FromHours(1);
        var run = Guid.NewGuid().ToString("N");
        var first = new CustomerId($"c-{run}-1");
        var second = new CustomerId($"c-{run}-2");
        await ActivityEntries.AppendAsync(store, ActivityEntries.Purchase($"p-{run}-0", first, from - Tick, ("tea", 1m)));
        var a = await ActivityEntries.AppendAsync(store, ActivityEntries.Purchase($"p-{run}-a", second, from, ("tea", 10m), ("cake", 2.50m)));
        var b = await ActivityEntries.AppendAsync(store, ActivityEntries.Purchase($"p-{run}-b", first, from, ("coffee", 20m)));
        var c = await ActivityEntries.AppendAsync(store, ActivityEntries.Purchase($"p-{run}-c", first, to, ("tea", 3m)));
        await ActivityEntries.AppendAsync(store, ActivityEntries.Purchase($"p-{run}-d", second, to + Tick, ("tea", 4m)));
        var refundLater = await ActivityEntries.AppendAsync(store, ActivityEntries.Refund($"r-{run}-2", a, to + Duration.FromDays(40), ("L2", 1m, 2.50m)));
        var refundSooner = await ActivityEntries.AppendAsync(store, ActivityEntries.Refund($"r-{run}-1", a, from + Duration.FromMinutes(5), ("L1", 1m, 10m)));

        var read = new List<ActivityEntry>();
        JournalPosition? after = null;
        while (true)
        {
            var page = await store.ListEntriesAsync(from, to, after, 2);
            read.AddRange(page);
            if (page.Count < 2)
            {
                break;
            }

            after = JournalPosition.Of(page[^1]);
        }

        Assert.Equal([a.Id, refundSooner.Id, refundLater.Id, b.Id, c.Id], read.Select(e => e.Id));
        Assert.Equal([ActivityKind.Purchase, ActivityKind.Refund, ActivityKind.Refund, ActivityKind.Purchase, ActivityKind.Purchase], read.Select(e => e.Kind));
        Assert.Equal(a, read[0] with { Lines = a.Lines });
        Assert.Equal(a.Lines, read[0].Lines);
        Assert.Equal(refundLater.Lines, read[2].Lines);
        Assert.Equal(second, read[0].CustomerId);
        Assert.Equal(first, read[3].CustomerId);
        Assert.Equal([$"p-{run}-d"], (await store.ListEntriesAsync(to + Tick, to + Duration.FromDays(1), null, 10)).Select(e => e.Id));

        // A position before the period reads the period from its start; one inside it, from there.
        var early = new JournalPosition(from - Tick, $"p-{run}-0", ActivityKind.Purchase, $"p-{run}-0");
        Assert.Equal(read.Select(e => e.Id), (await store.ListEntriesAsync(from, to, early, 10)).Select(e => e.Id));
        Assert.Equal(read.Skip(1).Select(e => e.Id), (await store.ListEntriesAsync(from, to, JournalPosition.Of(read[0]), 10)).Select(e => e.Id));

        // One store: its purchases and their refunds only, paged the same way.
        var other = await ActivityEntries.AppendAsync(store, ActivityEntries.Purchase($"p-{run}-e", second, from, ("tea", 5m)) with { StoreId = "store-2" });
        Assert.Equal([other.Id], (await store.ListEntriesAsync(from, to, null, 10, "store-2")).Select(e => e.Id));
        Assert.Equal(read.Select(e => e.Id), (await store.ListEntriesAsync(from, to, null, 10, "store-1")).Select(e => e.Id));
        Assert.Equal(read.Skip(2).Select(e => e.Id), (await store.ListEntriesAsync(from, to, JournalPosition.Of(read[1]), 10, "store-1")).Select(e => e.Id));
    }

    /// <summary>
    /// Purchases in a period: counted and summed when <see cref="ActivityEntry.PurchasedAt"/> is in [from, to], both ends
    /// inclusive to the tick; a purchase a tick outside either end is not.
    /// </summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task GetTotals_CountsPurchasesInTheWindow_BothEndsInclusive()
    {
        var store = await CreateStoreAsync();
        var customer = ActivityEntries.NewCustomerId();
        var from = T0;
        var to = T0 + Duration.FromDays(30);
        await ActivityEntries.AppendAsync(store, ActivityEntries.Purchase(ActivityEntries.NewId("p"), customer, from - Tick, ("tea", 1.01m)));
        await ActivityEntries.AppendAsync(store, ActivityEntries.Purchase(ActivityEntries.NewId("p"), customer, from, ("tea", 10m), ("cake", 2.50m)));
        await ActivityEntries.AppendAsync(store, ActivityEntries.Purchase(ActivityEntries.NewId("p"), customer, to + Tick, ("tea", 100m)));
        await ActivityEntries.AppendAsync(store, ActivityEntries.Purchase(ActivityEntries.NewId("p"), customer, T0 + Duration.FromDays(12), ("coffee", 20m)));
        await ActivityEntries.AppendAsync(store, ActivityEntries.Purchase(ActivityEntries.NewId("p"), customer, to, ("coffee", 7.30m)));

        var totals = await store.GetTotalsAsync(customer, from, to);

        // 12.50 + 20.00 + 7.30; the purchases at from - 1 tick (1.01) and at to + 1 tick (100.00) are outside.
        Assert.Equal(new ActivityTotals(3, new Money(39.80m, Currency.CNY)), totals);
        Assert.Equal(new ActivityTotals(1, new Money(12.50m, Currency.CNY)), await store.GetTotalsAsync(customer, from, from));
        Assert.Equal(new ActivityTotals(0, Money.Zero(Currency.CNY)), await store.GetTotalsAsync(customer, from + Tick, T0 + Duration.FromDays(12) - Tick));
    }

    /// <summary>
    /// Refunds of the window's purchases made at or before <c>to</c> are taken off (one exactly at <c>to</c> too); a refund
    /// after <c>to</c> is not, nor a refund in the window of a purchase made before it. Refunds do not change the count.
    /// </summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task GetTotals_SubtractsRefundsOfWindowPurchasesMadeByTheEnd()
    {
        var store = await CreateStoreAsync();
        var customer = ActivityEntries.NewCustomerId();
        var from = T0;
        var to = T0 + Duration.FromDays(30);
        var before = await ActivityEntries.AppendAsync(store, ActivityEntries.Purchase(ActivityEntries.NewId("p"), customer, from - Duration.FromDays(1), ("tea", 40m)));
        var inside = await ActivityEntries.AppendAsync(store, ActivityEntries.Purchase(ActivityEntries.NewId("p"), customer, from + Duration.FromDays(1), ("tea", 30m), ("cake", 20m), ("coffee", 15m)));
        await ActivityEntries.AppendAsync(store, ActivityEntries.Refund(ActivityEntries.NewId("r"), before, from + Duration.FromDays(2), ("L1", 1m, 40m)));
        await ActivityEntries.AppendAsync(store, ActivityEntries.Refund(ActivityEntries.NewId("r"), inside, from + Duration.FromDays(3), ("L2", 1m, 20m)));
        await ActivityEntries.AppendAsync(store, ActivityEntries.Refund(ActivityEntries.NewId("r"), inside, to, ("L3", 1m, 15m)));
        await ActivityEntries.AppendAsync(store, ActivityEntries.Refund(ActivityEntries.NewId("r"), inside, to + Tick, ("L1", 1m, 30m)));

        // 65.00 paid in the window, less 20.00 and 15.00 refunded by its end; the 30.00 refunded a tick later stays, and the
        // refund of the purchase made before the window is not the window's.
        Assert.Equal(new ActivityTotals(1, new Money(30m, Currency.CNY)), await store.GetTotalsAsync(customer, from, to));
        Assert.Equal(new ActivityTotals(1, new Money(45m, Currency.CNY)), await store.GetTotalsAsync(customer, from, to - Tick));
        Assert.Equal(new ActivityTotals(1, Money.Zero(Currency.CNY)), await store.GetTotalsAsync(customer, from, to + Tick));
        Assert.Equal(new ActivityTotals(1, new Money(65m, Currency.CNY)), await store.GetTotalsAsync(customer, from, from + Duration.FromDays(2)));
    }

    /// <summary>Only the customer's own purchases count.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task GetTotals_CountsOnlyThatCustomer()
    {
        var store = await CreateStoreAsync();
        var alice = ActivityEntries.NewCustomerId();
        var bob = ActivityEntries.NewCustomerId();
        await ActivityEntries.AppendAsync(store, ActivityEntries.Purchase(ActivityEntries.NewId("p"), alice, T0, ("tea", 10m)));
        await ActivityEntries.AppendAsync(store, ActivityEntries.Purchase(ActivityEntries.NewId("p"), bob, T0, ("tea", 99m)));

        Assert.Equal(new ActivityTotals(1, new Money(10m, Currency.CNY)), await store.GetTotalsAsync(alice, T0, T0));
    }

    /// <summary>
    /// Purchase instants in [from, to], both ends inclusive to the tick, ascending whatever the order of the appends;
    /// refunds and other customers' purchases are not listed.
    /// </summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task GetPurchaseInstants_ListsTheWindowsPurchasesAscending_BothEndsInclusive()
    {
        var store = await CreateStoreAsync();
        var customer = ActivityEntries.NewCustomerId();
        var from = T0;
        var to = T0 + Duration.FromDays(30);
        Instant[] appended = [to, from - Tick, T0 + Duration.FromDays(9), from, to + Tick, T0 + Duration.FromDays(9), T0 + Duration.FromDays(3)];
        ActivityEntry? last = null;
        foreach (var at in appended)
        {
            last = await ActivityEntries.AppendAsync(store, ActivityEntries.Purchase(ActivityEntries.NewId("p"), customer, at, ("tea", 5m)));
        }

        await ActivityEntries.AppendAsync(store, ActivityEntries.Refund(ActivityEntries.NewId("r"), last!, T0 + Duration.FromDays(4), ("L1", 1m, 5m)));
        await ActivityEntries.AppendAsync(store, ActivityEntries.Purchase(ActivityEntries.NewId("p"), ActivityEntries.NewCustomerId(), T0 + Duration.FromDays(5), ("tea", 5m)));

        var instants = await store.GetPurchaseInstantsAsync(customer, from, to);

        Assert.Equal([from, T0 + Duration.FromDays(3), T0 + Duration.FromDays(9), T0 + Duration.FromDays(9), to], instants);
        Assert.Equal([from], await store.GetPurchaseInstantsAsync(customer, from, from));
        Assert.Empty(await store.GetPurchaseInstantsAsync(customer, from + Tick, T0 + Duration.FromDays(3) - Tick));
    }

    /// <summary>
    /// Many tasks appending to one customer at once, each reading the version and appending at it, again after a conflict:
    /// every entry counts once, the sequences have no gaps, and the metrics are exact.
    /// </summary>
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
                var entry = ActivityEntries.Purchase($"{customer}-{t}-{i}", customer, T0 + Duration.FromDays(i), ("coffee", 10.01m));
                while (true)
                {
                    var version = (await store.GetMetricsAsync(customer))?.Version ?? 0;
                    try
                    {
                        await store.AppendAsync(entry with { Sequence = version + 1 }, version);
                        break;
                    }
                    catch (CrmConcurrencyException)
                    {
                        // Another task appended first: read the version again.
                    }
                }
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

    /// <summary>The same entry appended from many tasks at once at the same version: exactly one succeeds, every other throws <see cref="CrmConcurrencyException"/>.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task ConcurrentAppends_SameKey_ExactlyOneAppended()
    {
        var store = await CreateStoreAsync();
        var customer = ActivityEntries.NewCustomerId();
        var entry = ActivityEntries.Purchase(ActivityEntries.NewId("p"), customer, T0, ("coffee", 30m)) with { Sequence = 1 };

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => TryAppendAsync(store, entry, 0))));

        Assert.Single(results, appended => appended);
        Assert.Equal(1, (await store.GetMetricsAsync(customer))!.Version);
        Assert.Single(await store.GetEntriesAsync(customer, 0, 10));
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
                    return (Customer: c, Appended: TryAppendAsync(store, ActivityEntries.Purchase(id, c, T0, ("coffee", 30m)) with { Sequence = 1 }, 0).GetAwaiter().GetResult());
                },
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default)));

            var winner = Assert.Single(results, r => r.Appended).Customer;
            var loser = customers.Single(c => c != winner);
            Assert.Equal(winner, (await store.FindEntryAsync(ActivityKind.Purchase, id))!.CustomerId);
            Assert.Equal(1, (await store.GetMetricsAsync(winner))!.Version);
            Assert.Null(await store.GetMetricsAsync(loser));
            Assert.Empty(await store.GetEntriesAsync(loser, 0, 10));
        }
    }

    private static async Task<bool> TryAppendAsync(IActivityStore store, ActivityEntry entry, long expectedVersion)
    {
        try
        {
            await store.AppendAsync(entry, expectedVersion);
            return true;
        }
        catch (CrmConcurrencyException)
        {
            return false;
        }
    }
}
