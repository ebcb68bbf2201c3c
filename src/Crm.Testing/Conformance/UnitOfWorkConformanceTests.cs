using Crm.Churn;
using Crm.Coupons;
using Crm.Membership;
using Crm.Points;
using Crm.Testing.Fakes;
using Microsoft.Extensions.Options;
using NodaTime;
using Xunit;
using Xunit.Sdk;

namespace Crm.Testing.Conformance;

/// <summary>
/// Checks that an adapter's <see cref="IStoreUnitOfWorkFactory"/> keeps every sentence of the <see cref="IStoreUnitOfWork"/>
/// contract across the stores of every package (activity, customers, points, membership, coupons, churn), and that
/// <see cref="CrmManager"/> recording facts through its units stays exact under concurrency. Derive it in the adapter's
/// test project and override <see cref="CreateUnitOfWorkFactoryAsync"/>.
/// </summary>
/// <remarks>
/// <para>Every test seeds fresh customers, templates and ids, so all tests may share one database. What a test expects to
/// be stored it reads through a unit of its own ("another reader"), which reads committed state.</para>
/// <para>A write whose precondition fails (a stale version, a key used before, a budget) must not throw when it is made in
/// a unit: the suite awaits every such write and then expects <see cref="IStoreUnitOfWork.CommitAsync"/> to throw.</para>
/// </remarks>
public abstract class UnitOfWorkConformanceTests
{
    private static readonly Instant T0 = Instant.FromUtc(2026, 5, 1, 2, 0);

    /// <summary>What a unit writes wrong in the tests of failing commits.</summary>
    private enum Failure
    {
        None,
        ActivityVersion,
        ProfileVersion,
        PointsVersion,
        MemberVersion,
        CouponVersion,
        EpisodeVersion,
        ActivityId,
        ProfileExists,
        PointsKey,
        TierChangeKey,
        GrantKey,
        CouponIssueKey,
        FeedbackId,
        CouponIssueBudget,
        CouponCustomerCap,
        CouponRedeemedBudget,
    }

    /// <summary>
    /// Creates the adapter's unit-of-work factory. Every call in one test must give units over the same database (the
    /// same instance may be returned); it may be shared with other tests. The database's currency is CNY.
    /// </summary>
    /// <returns>The factory.</returns>
    protected abstract Task<IStoreUnitOfWorkFactory> CreateUnitOfWorkFactoryAsync();

    /// <summary><see cref="IStoreUnitOfWork.GetStore{TStore}"/> gives a store of every package's type.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task GetStore_EveryPackagesStoreType_ReturnsAStore()
    {
        await using var unit = await (await CreateUnitOfWorkFactoryAsync()).BeginAsync();

        Assert.NotNull(unit.GetStore<IActivityStore>());
        Assert.NotNull(unit.GetStore<ICustomerStore>());
        Assert.NotNull(unit.GetStore<IPointsLedgerStore>());
        Assert.NotNull(unit.GetStore<IMembershipStore>());
        Assert.NotNull(unit.GetStore<ICouponStore>());
        Assert.NotNull(unit.GetStore<IChurnStore>());
    }

    /// <summary>A store type the adapter does not provide throws <see cref="NotSupportedException"/>.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task GetStore_TypeTheAdapterDoesNotProvide_ThrowsNotSupported()
    {
        await using var unit = await (await CreateUnitOfWorkFactoryAsync()).BeginAsync();

        Assert.Throws<NotSupportedException>(() => unit.GetStore<INoSuchStore>());
    }

    /// <summary>
    /// A unit's writes to every store are visible to nobody before the commit: not to another unit's reads, and not to the
    /// unit's own reads, which return committed state.
    /// </summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Writes_BeforeCommit_AreInvisibleToOtherReadersAndToTheUnit()
    {
        var world = await SeedAsync();
        var before = await SnapshotAsync(world);
        var units = await CreateUnitOfWorkFactoryAsync();
        await using var unit = await units.BeginAsync();

        await WriteEveryStoreAsync(unit, world, Failure.None);

        Assert.Equal(before, await SnapshotAsync(world, unit));
        Assert.Equal(before, await SnapshotAsync(world));
        Assert.Null(await unit.GetStore<ICustomerStore>().FindAsync(world.NewCustomer));
        Assert.Null(await unit.GetStore<IActivityStore>().FindEntryAsync(ActivityKind.Purchase, world.NextPurchaseId));
        Assert.Empty(await unit.GetStore<IPointsLedgerStore>().FindWriteAsync(world.Customer, "purchase:" + world.NextPurchaseId));
        Assert.Null(await unit.GetStore<ICouponStore>().FindAsync(world.NewCouponId));
        Assert.False(await unit.GetStore<IMembershipStore>().IsGrantedAsync(world.Customer, world.NewGrantKey));
        Assert.DoesNotContain(await unit.GetStore<IChurnStore>().GetFeedbackAsync(world.Customer), f => f.Id == world.NewFeedbackId);
    }

    /// <summary>
    /// A write in a unit returns what it will have done once committed (the stored record with its new version) without
    /// checking anything against the store, and <see cref="IStoreUnitOfWork.CommitAsync"/> applies every write of every store.
    /// </summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Commit_AppliesEveryWriteOfSeveralStores_AsTheWritesReturned()
    {
        var world = await SeedAsync();
        var units = await CreateUnitOfWorkFactoryAsync();
        Written written;
        await using (var unit = await units.BeginAsync())
        {
            written = await WriteEveryStoreAsync(unit, world, Failure.None);
            await unit.CommitAsync();
        }

        // What the writes returned, as if applied.
        Assert.Equal((world.NewCustomer, 1L), (written.Created.Id, written.Created.Version));
        Assert.Equal(("Han Meimei", world.Profile.Version + 1), (written.Profile.Name, written.Profile.Version));
        Assert.False(written.Points.IsReplay);
        Assert.Equal("purchase:" + world.NextPurchaseId, Assert.Single(written.Points.Entries).Key);
        Assert.Equal(("gold", world.Member.Version + 1), (written.Member.Tier, written.Member.Version));
        Assert.Equal((CouponStatus.Redeemed, world.Coupon.Version + 1), (written.Coupon!.Status, written.Coupon.Version));
        Assert.Equal((CouponStoreIssueStatus.Issued, 1L), (written.Issued.Status, written.Issued.Coupon!.Version));
        Assert.Equal((ChurnEpisodeOutcome.Returned, world.Episode.Version + 1), (written.Episode.Outcome, written.Episode.Version));
        Assert.True(written.Granted);
        Assert.True(written.Feedback.Added);

        // What another reader finds: every write, of every store.
        await using var reader = await units.BeginAsync();
        var metrics = await reader.GetStore<IActivityStore>().GetMetricsAsync(world.Customer);
        Assert.Equal((2L, 2), (metrics!.Version, metrics.PurchaseCount));
        Assert.Equal(world.Customer, (await reader.GetStore<IActivityStore>().FindEntryAsync(ActivityKind.Purchase, world.NextPurchaseId))!.CustomerId);
        Assert.Equal(written.Created, await reader.GetStore<ICustomerStore>().FindAsync(world.NewCustomer) is { } created ? created with { Tags = written.Created.Tags } : null);
        Assert.Equal(written.Profile, await reader.GetStore<ICustomerStore>().FindAsync(world.Customer) is { } profile ? profile with { Tags = written.Profile.Tags } : null);
        var account = await reader.GetStore<IPointsLedgerStore>().FindAsync(world.Customer, includeLots: false);
        Assert.Equal((2L, new PointAmount(48)), (account!.Version, account.Balance));
        Assert.Equal(written.Points.Entries, await reader.GetStore<IPointsLedgerStore>().FindWriteAsync(world.Customer, "purchase:" + world.NextPurchaseId));
        Assert.Equal(written.Member, await reader.GetStore<IMembershipStore>().FindAsync(world.Customer));
        Assert.Equal("upgrade:" + world.NextPurchaseId, (await reader.GetStore<IMembershipStore>().GetHistoryAsync(world.Customer))[^1].Key);
        Assert.True(await reader.GetStore<IMembershipStore>().IsGrantedAsync(world.Customer, world.NewGrantKey));
        Assert.Equal(written.Coupon, await reader.GetStore<ICouponStore>().FindAsync(world.Coupon.Id));
        Assert.Equal(written.Issued.Coupon, await reader.GetStore<ICouponStore>().FindAsync(world.NewCouponId));
        Assert.Equal(new CouponUsage(world.TemplateId, 2, 1), await reader.GetStore<ICouponStore>().GetUsageAsync(world.TemplateId));
        Assert.Equal(written.Episode with { ActedLevels = [] }, await reader.GetStore<IChurnStore>().FindLatestEpisodeAsync(world.Customer) is { } episode ? episode with { ActedLevels = [] } : null);
        Assert.Contains(await reader.GetStore<IChurnStore>().GetFeedbackAsync(world.Customer), f => f.Id == world.NewFeedbackId);
        Assert.Equal(T0 + Duration.FromDays(1), (await reader.GetStore<IChurnStore>().FindAssessmentAsync(world.Customer))!.AssessedAt);
    }

    /// <summary>
    /// A stale expected version of any one versioned record (journal, profile, points account, tier record, coupon, episode)
    /// makes <see cref="IStoreUnitOfWork.CommitAsync"/> throw <see cref="CrmConcurrencyException"/>, and nothing of the unit is
    /// applied: the other stores' data is unchanged.
    /// </summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual Task Commit_StaleVersionOfAnyStore_ThrowsConcurrencyAndAppliesNothing() =>
        AssertEachFailureAppliesNothingAsync(Failure.ActivityVersion, Failure.ProfileVersion, Failure.PointsVersion, Failure.MemberVersion, Failure.CouponVersion, Failure.EpisodeVersion);

    /// <summary>
    /// A key used before (a journal entry's kind and id, a profile's id, a points write key, a tier change key, a grant key,
    /// a coupon issue key, a feedback id) makes the commit throw <see cref="CrmConcurrencyException"/> and apply nothing.
    /// </summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual Task Commit_KeyUsedBefore_ThrowsConcurrencyAndAppliesNothing() =>
        AssertEachFailureAppliesNothingAsync(Failure.ActivityId, Failure.ProfileExists, Failure.PointsKey, Failure.TierChangeKey, Failure.GrantKey, Failure.CouponIssueKey, Failure.FeedbackId);

    /// <summary>
    /// A coupon budget that ran out (the template's issue budget, the customer's cap, the redeemed budget) makes the commit
    /// throw <see cref="CrmConcurrencyException"/> and apply nothing.
    /// </summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual Task Commit_CouponBudgetRunOut_ThrowsConcurrencyAndAppliesNothing() =>
        AssertEachFailureAppliesNothingAsync(Failure.CouponIssueBudget, Failure.CouponCustomerCap, Failure.CouponRedeemedBudget);

    /// <summary>
    /// Another unit commits a change to one of the records a unit read, between the unit's read and its commit: the unit's
    /// commit throws <see cref="CrmConcurrencyException"/>, nothing of it is applied, and the other unit's change stays.
    /// </summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Commit_AfterAnotherUnitChangedARecordItRead_ThrowsConcurrencyAndAppliesNothing()
    {
        var world = await SeedAsync();
        var units = await CreateUnitOfWorkFactoryAsync();
        await using var unit = await units.BeginAsync();
        await WriteEveryStoreAsync(unit, world, Failure.None);
        await using (var other = await units.BeginAsync())
        {
            var members = other.GetStore<IMembershipStore>();
            var current = await members.FindAsync(world.Customer);
            await members.SaveAsync(current! with { Tier = "silver" }, current.Version, null);
            await other.CommitAsync();
        }

        var expected = await SnapshotAsync(world);

        await Assert.ThrowsAsync<CrmConcurrencyException>(() => unit.CommitAsync());

        Assert.Equal(expected, await SnapshotAsync(world));
        Assert.Equal("silver", (await ReadAsync<IMembershipStore, MemberState?>(s => s.FindAsync(world.Customer)))!.Tier);
    }

    /// <summary>Disposing a unit that was not committed discards its writes.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Dispose_WithoutCommit_AppliesNothing()
    {
        var world = await SeedAsync();
        var before = await SnapshotAsync(world);
        var units = await CreateUnitOfWorkFactoryAsync();

        await using (var unit = await units.BeginAsync())
        {
            await WriteEveryStoreAsync(unit, world, Failure.None);
        }

        Assert.Equal(before, await SnapshotAsync(world));
    }

    /// <summary>A commit with a token cancelled before it throws <see cref="OperationCanceledException"/> and applies nothing.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Commit_TokenCancelledBefore_ThrowsCanceledAndAppliesNothing()
    {
        var world = await SeedAsync();
        var before = await SnapshotAsync(world);
        var units = await CreateUnitOfWorkFactoryAsync();
        using var cancellation = new CancellationTokenSource();

        await using (var unit = await units.BeginAsync())
        {
            await WriteEveryStoreAsync(unit, world, Failure.None);
            await cancellation.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => unit.CommitAsync(cancellation.Token));
        }

        Assert.Equal(before, await SnapshotAsync(world));
    }

    /// <summary>
    /// With a token cancelled before the call, <see cref="IStoreUnitOfWorkFactory.BeginAsync"/>,
    /// <see cref="IStoreUnitOfWork.PrefetchAsync"/> and <see cref="IStoreUnitOfWork.CommitAsync"/> throw
    /// <see cref="OperationCanceledException"/>, and so does every method of every store of a unit, also after the unit read
    /// its records ahead (a read served from what was read ahead observes the token too); the unit's commit then applies
    /// nothing of the cancelled writes.
    /// </summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task EveryCall_TokenCancelled_ThrowsCanceledAndWritesNothing()
    {
        var units = await CreateUnitOfWorkFactoryAsync();
        var calls = new StoreCalls();
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();
        var before = await SnapshotOfCallsAsync(units, calls);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await units.BeginAsync(cancellation.Token));
        await using (var unit = await units.BeginAsync())
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await unit.PrefetchAsync(calls.Prefetch, cancellation.Token));
            await unit.PrefetchAsync(calls.Prefetch);
            await calls.AssertEveryMethodThrowsAsync(unit.GetStore<IActivityStore>());
            await calls.AssertEveryMethodThrowsAsync(unit.GetStore<ICustomerStore>());
            await calls.AssertEveryMethodThrowsAsync(unit.GetStore<IPointsLedgerStore>());
            await calls.AssertEveryMethodThrowsAsync(unit.GetStore<IMembershipStore>());
            await calls.AssertEveryMethodThrowsAsync(unit.GetStore<ICouponStore>());
            await calls.AssertEveryMethodThrowsAsync(unit.GetStore<IChurnStore>());
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => unit.CommitAsync(cancellation.Token));
            await unit.CommitAsync();
        }

        Assert.Equal(before, await SnapshotOfCallsAsync(units, calls));
    }

    /// <summary>
    /// A cancellation at a write, part way through a unit's writes, discards the unit: once it is disposed nothing of it
    /// is applied (whether or not the adapter threw at the cancelled write).
    /// </summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task CancellationAtAWrite_ThenDispose_AppliesNothing()
    {
        var world = await SeedAsync();
        var before = await SnapshotAsync(world);
        var units = await CreateUnitOfWorkFactoryAsync();
        using var cancellation = new CancellationTokenSource();

        await using (var unit = await units.BeginAsync())
        {
            await unit.GetStore<IActivityStore>().AppendAsync(world.NextPurchase, 1);
            await unit.GetStore<ICustomerStore>().UpdateAsync(world.Profile with { Name = "Han Meimei" }, world.Profile.Version);
            await cancellation.CancelAsync();
            try
            {
                await unit.GetStore<IPointsLedgerStore>().AppendAsync(world.Customer, EarnWrite(world.Customer, "purchase:" + world.NextPurchaseId, 1, 18, 2, 48), cancellation.Token);
            }
            catch (OperationCanceledException)
            {
                // What a flow does on a cancellation: it stops and disposes the unit.
            }
        }

        Assert.Equal(before, await SnapshotAsync(world));
    }

    /// <summary>A unit commits at most once: a second <see cref="IStoreUnitOfWork.CommitAsync"/> throws <see cref="InvalidOperationException"/> and applies nothing again.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Commit_Twice_ThrowsInvalidOperation()
    {
        var world = await SeedAsync();
        var units = await CreateUnitOfWorkFactoryAsync();
        await using var unit = await units.BeginAsync();
        await unit.GetStore<IActivityStore>().AppendAsync(world.NextPurchase, 1);
        await unit.CommitAsync();
        var after = await SnapshotAsync(world);

        await Assert.ThrowsAnyAsync<InvalidOperationException>(() => unit.CommitAsync());

        Assert.Equal(after, await SnapshotAsync(world));
        Assert.Equal(2, (await ReadAsync<IActivityStore, CustomerMetrics?>(s => s.GetMetricsAsync(world.Customer)))!.Version);
    }

    /// <summary>A unit whose commit failed has had its one commit: committing it again throws <see cref="InvalidOperationException"/> and applies nothing.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Commit_AgainAfterAFailedCommit_ThrowsInvalidOperationAndAppliesNothing()
    {
        var world = await SeedAsync();
        var before = await SnapshotAsync(world);
        var units = await CreateUnitOfWorkFactoryAsync();
        await using var unit = await units.BeginAsync();
        await WriteEveryStoreAsync(unit, world, Failure.MemberVersion);
        await Assert.ThrowsAsync<CrmConcurrencyException>(() => unit.CommitAsync());

        await Assert.ThrowsAnyAsync<InvalidOperationException>(() => unit.CommitAsync());

        Assert.Equal(before, await SnapshotAsync(world));
    }

    /// <summary>Committing a disposed unit throws <see cref="InvalidOperationException"/>.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Commit_AfterDispose_ThrowsInvalidOperationAndAppliesNothing()
    {
        var world = await SeedAsync();
        var before = await SnapshotAsync(world);
        var units = await CreateUnitOfWorkFactoryAsync();
        var unit = await units.BeginAsync();
        await unit.GetStore<IActivityStore>().AppendAsync(world.NextPurchase, 1);
        await unit.DisposeAsync();

        await Assert.ThrowsAnyAsync<InvalidOperationException>(() => unit.CommitAsync());

        Assert.Equal(before, await SnapshotAsync(world));
    }

    /// <summary><see cref="IStoreUnitOfWork.GetStore{TStore}"/> throws <see cref="InvalidOperationException"/> once the unit was committed, or disposed.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task GetStore_AfterCommitOrDispose_ThrowsInvalidOperation()
    {
        var units = await CreateUnitOfWorkFactoryAsync();
        var committed = await units.BeginAsync();
        await committed.CommitAsync();
        var disposed = await units.BeginAsync();
        await disposed.DisposeAsync();

        Assert.ThrowsAny<InvalidOperationException>(() => committed.GetStore<IActivityStore>());
        Assert.ThrowsAny<InvalidOperationException>(() => committed.GetStore<ICouponStore>());
        Assert.ThrowsAny<InvalidOperationException>(() => disposed.GetStore<IActivityStore>());
        Assert.ThrowsAny<InvalidOperationException>(() => disposed.GetStore<IMembershipStore>());
        await committed.DisposeAsync();
    }

    /// <summary>
    /// A unit writes a versioned record at most once: read, written, read again (the same version, the write being
    /// invisible) and written again, the second write expects the version the first one moved, so the commit fails and
    /// nothing is applied. Checked for the journal, a profile, a points account, a tier record, a coupon and an episode.
    /// </summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task VersionedRecordWrittenTwiceInOneUnit_CommitThrowsConcurrencyAndAppliesNothing()
    {
        var kinds = new Func<IStoreUnitOfWork, World, Task>[]
        {
            async (unit, w) =>
            {
                var store = unit.GetStore<IActivityStore>();
                var v = (await store.GetMetricsAsync(w.Customer))!.Version;
                await store.AppendAsync(w.NextPurchase with { Sequence = v + 1 }, v);
                var again = (await store.GetMetricsAsync(w.Customer))!.Version;
                Assert.Equal(v, again);
                await store.AppendAsync(ActivityEntries.Purchase(ActivityEntries.NewId("p"), w.Customer, T0, ("tea", 5m)) with { Sequence = again + 1 }, again);
            },
            async (unit, w) =>
            {
                var store = unit.GetStore<ICustomerStore>();
                var read = (await store.FindAsync(w.Customer))!;
                await store.UpdateAsync(read with { Name = "first" }, read.Version);
                var again = (await store.FindAsync(w.Customer))!;
                Assert.Equal(read.Version, again.Version);
                await store.UpdateAsync(again with { Email = "second@example.com" }, again.Version);
            },
            async (unit, w) =>
            {
                var store = unit.GetStore<IPointsLedgerStore>();
                var read = (await store.FindAsync(w.Customer, includeLots: false))!;
                await store.AppendAsync(w.Customer, EarnWrite(w.Customer, "k-1", read.Version, 5, read.EntryCount + 1, read.Balance.Value + 5));
                var again = (await store.FindAsync(w.Customer, includeLots: false))!;
                Assert.Equal(read.Version, again.Version);
                await store.AppendAsync(w.Customer, EarnWrite(w.Customer, "k-2", again.Version, 7, again.EntryCount + 1, again.Balance.Value + 7));
            },
            async (unit, w) =>
            {
                var store = unit.GetStore<IMembershipStore>();
                var read = (await store.FindAsync(w.Customer))!;
                await store.SaveAsync(read with { Tier = "silver" }, read.Version, null);
                var again = (await store.FindAsync(w.Customer))!;
                Assert.Equal(read.Version, again.Version);
                await store.SaveAsync(again with { Tier = "gold" }, again.Version, null);
            },
            async (unit, w) =>
            {
                var store = unit.GetStore<ICouponStore>();
                var read = (await store.FindAsync(w.Coupon.Id))!;
                await store.UpdateAsync(read with { Status = CouponStatus.Reserved, ReservationKey = "p-1", ReservedUntil = T0 + Duration.FromMinutes(15) }, read.Version, 0, null);
                var again = (await store.FindAsync(w.Coupon.Id))!;
                Assert.Equal(read.Version, again.Version);
                await store.UpdateAsync(again with { Status = CouponStatus.Redeemed, RedemptionKey = "p-1", RedeemedAt = T0 }, again.Version, 1, null);
            },
            async (unit, w) =>
            {
                var store = unit.GetStore<IChurnStore>();
                var read = (await store.FindLatestEpisodeAsync(w.Customer))!;
                await store.SaveEpisodeAsync(read with { HighestLevel = ChurnLevel.Critical }, read.Version);
                var again = (await store.FindLatestEpisodeAsync(w.Customer))!;
                Assert.Equal(read.Version, again.Version);
                await store.SaveEpisodeAsync(again with { Outcome = ChurnEpisodeOutcome.Returned, EndedAt = T0 }, again.Version);
            },
        };
        string[] names = ["journal", "profile", "points account", "tier record", "coupon", "episode"];
        var units = await CreateUnitOfWorkFactoryAsync();
        for (var i = 0; i < kinds.Length; i++)
        {
            var world = await SeedAsync();
            var before = await SnapshotAsync(world);
            await using var unit = await units.BeginAsync();
            await kinds[i](unit, world);

            await Because(names[i], async () =>
            {
                await Assert.ThrowsAsync<CrmConcurrencyException>(() => unit.CommitAsync());
                Assert.Equal(before, await SnapshotAsync(world));
            });
        }
    }

    /// <summary>
    /// <see cref="IStoreUnitOfWork.PrefetchAsync"/> is harmless: after it, reads return the same as without it, for known
    /// and unknown customers and ids, and the unit's writes commit as usual.
    /// </summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Prefetch_ReadsAfterItReturnTheSameAsWithout_AndWritesCommit()
    {
        var world = await SeedAsync();
        var unknownCustomer = ActivityEntries.NewCustomerId("uow");
        var unknownPurchase = ActivityEntries.NewId("p");
        var unknownRefund = ActivityEntries.NewId("r");
        var units = await CreateUnitOfWorkFactoryAsync();
        string without, unknownWithout;
        await using (var plain = await units.BeginAsync())
        {
            without = await SnapshotAsync(world, plain);
            unknownWithout = await SnapshotOfUnknownAsync(plain, unknownCustomer, unknownPurchase, unknownRefund);
        }

        await using (var unit = await units.BeginAsync())
        {
            await unit.PrefetchAsync(new StorePrefetch());
            await unit.PrefetchAsync(new StorePrefetch { Customers = [world.Customer, unknownCustomer], PurchaseIds = [world.Purchase.Id, unknownPurchase], RefundIds = [unknownRefund] });

            Assert.Equal(without, await SnapshotAsync(world, unit));
            Assert.Equal(unknownWithout, await SnapshotOfUnknownAsync(unit, unknownCustomer, unknownPurchase, unknownRefund));

            await unit.PrefetchAsync(new StorePrefetch { Customers = [world.Customer] });
            await WriteEveryStoreAsync(unit, world, Failure.None);
            await unit.CommitAsync();
        }

        var metrics = await ReadAsync<IActivityStore, CustomerMetrics?>(s => s.GetMetricsAsync(world.Customer));
        Assert.Equal(2, metrics!.Version);
        Assert.Equal("gold", (await ReadAsync<IMembershipStore, MemberState?>(s => s.FindAsync(world.Customer)))!.Tier);
    }

    /// <summary>
    /// Units for one customer that write with the same expected versions (of the journal, the points account and the tier
    /// record) and commit at once: exactly one commits, every other commit throws <see cref="CrmConcurrencyException"/>, and
    /// only the winner's writes are stored, in every store. Checked for a new customer (version 0) and an existing one.
    /// </summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task ConcurrentUnits_OneCustomerSameExpectedVersion_ExactlyOneWins()
    {
        const int Units = 8;
        var units = await CreateUnitOfWorkFactoryAsync();
        for (var round = 0; round < 10; round++)
        {
            var customer = ActivityEntries.NewCustomerId("uow");
            var version = round % 2;
            if (version == 1)
            {
                await using var seed = await units.BeginAsync();
                await seed.GetStore<IActivityStore>().AppendAsync(ActivityEntries.Purchase($"{customer}-seed", customer, T0, ("coffee", 1m)) with { Sequence = 1 }, 0);
                await seed.GetStore<IPointsLedgerStore>().AppendAsync(customer, EarnWrite(customer, "seed", 0, 1, 1, 1));
                await seed.GetStore<IMembershipStore>().SaveAsync(new MemberState { CustomerId = customer, Tier = "green", ReachedAt = T0 }, 0, null);
                await seed.CommitAsync();
            }

            // Every unit writes first, then all commit together: they expect the same versions.
            var pending = Units;
            var allWritten = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var attempts = Enumerable.Range(0, Units).Select(i => Task.Run(async () =>
            {
                await using var unit = await units.BeginAsync();
                var purchase = ActivityEntries.Purchase($"{customer}-p{i}", customer, T0, ("coffee", 10m + i));
                await unit.GetStore<IActivityStore>().AppendAsync(purchase with { Sequence = version + 1 }, version);
                await unit.GetStore<IPointsLedgerStore>().AppendAsync(customer, EarnWrite(customer, "purchase:" + purchase.Id, version, 10 + i, version + 1, version + 10 + i));
                await unit.GetStore<IMembershipStore>().SaveAsync(new MemberState { CustomerId = customer, Tier = $"tier-{i}", ReachedAt = T0 }, version, null);
                if (Interlocked.Decrement(ref pending) == 0)
                {
                    allWritten.SetResult();
                }

                await allWritten.Task;
                try
                {
                    await unit.CommitAsync();
                    return i;
                }
                catch (CrmConcurrencyException)
                {
                    return -1;
                }
            })).ToList();

            var results = await Task.WhenAll(attempts);

            var winner = Assert.Single(results, r => r >= 0);
            await using var reader = await units.BeginAsync();
            var journal = await reader.GetStore<IActivityStore>().GetEntriesAsync(customer, version, 100);
            Assert.Equal([$"{customer}-p{winner}"], journal.Select(e => e.Id));
            Assert.Equal(version + 1, (await reader.GetStore<IActivityStore>().GetMetricsAsync(customer))!.Version);
            var entries = await reader.GetStore<IPointsLedgerStore>().GetEntriesAsync(customer, null, 100);
            Assert.Equal($"purchase:{customer}-p{winner}", entries[0].Key);
            Assert.Equal(version + 1, entries.Count);
            Assert.Equal(($"tier-{winner}", version + 1L), await reader.GetStore<IMembershipStore>().FindAsync(customer) is { } s ? (s.Tier, s.Version) : default);
        }
    }

    /// <summary>Units for different customers committing at once do not conflict: every one commits.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task ConcurrentUnits_DifferentCustomers_AllCommit()
    {
        var units = await CreateUnitOfWorkFactoryAsync();
        var customers = Enumerable.Range(0, 16).Select(_ => ActivityEntries.NewCustomerId("uow")).ToArray();

        await Task.WhenAll(customers.Select(customer => Task.Run(async () =>
        {
            await using var unit = await units.BeginAsync();
            var purchase = ActivityEntries.Purchase(ActivityEntries.NewId("p"), customer, T0, ("coffee", 12m));
            await unit.GetStore<IActivityStore>().AppendAsync(purchase with { Sequence = 1 }, 0);
            await unit.GetStore<IPointsLedgerStore>().AppendAsync(customer, EarnWrite(customer, "purchase:" + purchase.Id, 0, 12, 1, 12));
            await unit.GetStore<IMembershipStore>().SaveAsync(new MemberState { CustomerId = customer, Tier = "green", ReachedAt = T0 }, 0, null);
            await unit.CommitAsync();
        })));

        foreach (var customer in customers)
        {
            Assert.Equal(1, (await ReadAsync<IActivityStore, CustomerMetrics?>(s => s.GetMetricsAsync(customer)))!.Version);
            Assert.Equal(new PointAmount(12), (await ReadAsync<IPointsLedgerStore, PointsAccount?>(s => s.FindAsync(customer, false)))!.Balance);
            Assert.NotNull(await ReadAsync<IMembershipStore, MemberState?>(s => s.FindAsync(customer)));
        }
    }

    /// <summary>
    /// The front door on this adapter: 1,000 purchases for one customer recorded from 16 tasks, each in a unit of its own,
    /// give exact metrics and a journal without gaps.
    /// </summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task CrmManager_ParallelPurchasesForOneCustomer_GiveExactMetrics()
    {
        var units = await CreateUnitOfWorkFactoryAsync();
        var manager = CreateManager(units, maxRetries: 100);
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
        Assert.Equal(Total, metrics.Version);
        Assert.Equal(new Money(12.34m * Total, Currency.CNY), metrics.NetSpend);
        Assert.Equal(T0, metrics.FirstPurchaseAt);
        Assert.Equal(T0 + Duration.FromHours(Total - 1), metrics.LastPurchaseAt);
        Assert.Equal(Total, metrics.Months.Sum(m => m.PurchaseCount));
        var journal = new List<ActivityEntry>();
        for (var page = await manager.GetJournalAsync(customer, 0, 500); page.Count > 0; page = await manager.GetJournalAsync(customer, page[^1].Sequence, 500))
        {
            journal.AddRange(page);
        }

        Assert.Equal(Enumerable.Range(1, Total).Select(i => (long)i), journal.Select(e => e.Sequence));
    }

    /// <summary>
    /// The front door on this adapter: a handler that writes the purchase's points through the unit and then throws leaves
    /// nothing of the purchase (no journal entry, no metrics, no points), and recording the purchase again, with the
    /// handler working, records it as new.
    /// </summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task CrmManager_HandlerThrowsAfterWriting_NothingOfThePurchaseRemains()
    {
        var units = await CreateUnitOfWorkFactoryAsync();
        var handler = new EarnThenFail();
        var manager = CreateManager(units, handlers: [handler]);
        var customer = ActivityEntries.NewCustomerId();
        var purchase = NewPurchase(ActivityEntries.NewId("p"), customer, T0, 25m);

        await Assert.ThrowsAsync<InvalidOperationException>(() => manager.RecordPurchaseAsync(purchase));

        Assert.Null(await ReadAsync<IActivityStore, ActivityEntry?>(s => s.FindEntryAsync(ActivityKind.Purchase, purchase.Id)));
        Assert.Null(await ReadAsync<IActivityStore, CustomerMetrics?>(s => s.GetMetricsAsync(customer)));
        Assert.Null(await ReadAsync<IPointsLedgerStore, PointsAccount?>(s => s.FindAsync(customer, includeLots: false)));

        handler.Fail = false;
        var recorded = await manager.RecordPurchaseAsync(purchase);
        Assert.Equal(RecordStatus.Recorded, recorded.Status);
        Assert.Equal(1, recorded.Metrics.PurchaseCount);
        Assert.Equal(1, (await ReadAsync<IPointsLedgerStore, PointsAccount?>(s => s.FindAsync(customer, includeLots: false)))?.Version);
    }

    /// <summary>
    /// A purchase or refund id sent again is a replay only when every field the host sent is the same (the adapter keeps the
    /// entry's <see cref="ActivityEntry.ContentHash"/>): another SKU, category, store, channel, unit price or line discount
    /// (with the same paid total), or a refund with another amount or lines, is refused with <c>*.id_reused</c> and
    /// writes nothing; the same content, with amounts written another way (10.0 for 10.00), replays.
    /// </summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task CrmManager_IdSentAgainWithOtherContent_IsRefusedAndWritesNothing()
    {
        var units = await CreateUnitOfWorkFactoryAsync();
        var manager = CreateManager(units);
        var customer = ActivityEntries.NewCustomerId();
        var id = ActivityEntries.NewId("p");
        Purchase Make(string sku = "latte", string category = "coffee", string store = "store-1", SalesChannel channel = SalesChannel.InStore, string lineId = "1", decimal price = 25m, decimal? discount = null, decimal quantity = 1m, decimal paid = 25m) => new()
        {
            Id = id,
            CustomerId = customer,
            StoreId = store,
            Channel = channel,
            OccurredAt = T0,
            Lines = [new PurchaseLine { LineId = lineId, Sku = sku, Category = category, Quantity = quantity, UnitPrice = new Money(price, Currency.CNY), LineDiscount = discount is { } d ? new Money(d, Currency.CNY) : null }],
            PaidTotal = new Money(paid, Currency.CNY),
        };

        var recorded = await manager.RecordPurchaseAsync(Make());
        var stored = await ReadAsync<IActivityStore, ActivityEntry?>(s => s.FindEntryAsync(ActivityKind.Purchase, id));
        Assert.NotNull(stored?.ContentHash);
        Assert.Equal(recorded.Entry.ContentHash, stored.ContentHash);

        var changed = new (string What, Purchase Purchase)[]
        {
            ("SKU", Make(sku: "mocha")),
            ("category", Make(category: "tea")),
            ("store", Make(store: "store-2")),
            ("channel", Make(channel: SalesChannel.Delivery)),
            ("line id", Make(lineId: "2")),
            ("unit price and a discount to the same net", Make(price: 30m, discount: 5m)),
            ("unit price with an order discount to the same paid total", Make(price: 30m)),
        };
        foreach (var (what, other) in changed)
        {
            var error = await Assert.ThrowsAsync<CrmValidationException>(() => manager.RecordPurchaseAsync(other));
            Assert.True(error.ErrorCode == CrmErrorCodes.PurchaseIdReused, $"A purchase sent again with another {what} was taken as {error.ErrorCode}.");
        }

        var replay = await manager.RecordPurchaseAsync(Make(price: 25.0m, quantity: 1.000m, paid: 25.00m));
        Assert.Equal(RecordStatus.Replayed, replay.Status);
        Assert.Equal(1, (await manager.GetMetricsAsync(customer)).Version);

        Refund MakeRefund(decimal? amount = 5m, RefundLine[]? lines = null, int minutes = 0) =>
            new() { Id = id + "-r", PurchaseId = id, OccurredAt = T0 + Duration.FromMinutes(minutes), Amount = amount is { } a ? new Money(a, Currency.CNY) : null, Lines = lines };
        await manager.RecordRefundAsync(MakeRefund());
        foreach (var other in new[] { MakeRefund(amount: 6m), MakeRefund(amount: null, lines: [new RefundLine { LineId = "1", Quantity = 1m }]), MakeRefund(minutes: 1) })
        {
            var error = await Assert.ThrowsAsync<CrmValidationException>(() => manager.RecordRefundAsync(other));
            Assert.Equal(CrmErrorCodes.RefundIdReused, error.ErrorCode);
        }

        Assert.Equal(RecordStatus.Replayed, (await manager.RecordRefundAsync(MakeRefund(amount: 5.00m))).Status);
        var metrics = await manager.GetMetricsAsync(customer);
        Assert.Equal(2, metrics.Version);
        Assert.Equal(new Money(20m, Currency.CNY), metrics.NetSpend);
    }

    /// <summary>
    /// Twenty refunds of 10.00 race against one purchase of 100.00: exactly ten succeed, the rest are refused, nothing is refunded twice.
    /// </summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task CrmManager_ParallelRefunds_NeverRefundMoreThanPaid()
    {
        var units = await CreateUnitOfWorkFactoryAsync();
        var manager = CreateManager(units, maxRetries: 100);
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
        Assert.Equal(11, metrics.Version);
    }

    /// <summary>Builds a manager over the adapter's units for CNY in Asia/Shanghai, with no packages and a clock at <see cref="T0"/> + 1 year.</summary>
    /// <param name="units">The units of work.</param>
    /// <param name="maxRetries">The concurrency retry budget.</param>
    /// <param name="handlers">The purchase handlers; none when <see langword="null"/>.</param>
    /// <returns>The manager.</returns>
    protected static CrmManager CreateManager(IStoreUnitOfWorkFactory units, int maxRetries = 10, IEnumerable<IPurchaseHandler>? handlers = null) =>
        new(
            units,
            new CommittedActivityReads(units),
            new NullCustomerStore(),
            new NullConsentStore(),
            handlers ?? [],
            [],
            new NoIntegrations(),
            new NoIntegrations(),
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

    private static PointsWrite EarnWrite(CustomerId customer, string key, long expectedVersion, long points, long entryCount, long balance) => new()
    {
        Key = key,
        ExpectedVersion = expectedVersion,
        Account = new PointsAccount { CustomerId = customer, EntryCount = entryCount, Balance = new PointAmount(balance), LotPoints = new PointAmount(balance) },
        Entries = [new PointsEntry { CustomerId = customer, Sequence = entryCount, Key = key, Kind = PointsEntryKind.Earn, Points = new PointAmount(points), OccurredAt = T0, EarnedAt = T0, Reason = $"earn {points}" }],
        Lots = [new PointsLot { LotId = key, EarnedAt = T0, AvailableAt = T0, Points = new PointAmount(points), Remaining = new PointAmount(points), Awarded = new PointAmount(points) }],
    };

    private static Coupon NewCoupon(CustomerId customer, string template) => new()
    {
        Id = "UOW" + Guid.NewGuid().ToString("N").ToUpperInvariant(),
        TemplateId = template,
        CustomerId = customer,
        Reason = CouponIssueReason.Campaign,
        IssueKey = "issue-" + Guid.NewGuid().ToString("N"),
        IssuedAt = T0,
        ValidFrom = T0,
        ValidTo = T0 + Duration.FromDays(30),
    };

    private static ChurnAssessment Assessment(CustomerId customer, Instant at) => new()
    {
        CustomerId = customer,
        AssessedAt = at,
        Score = 0.5,
        Level = ChurnLevel.Warning,
        FutureValue = new Money(200m, Currency.CNY),
        ValueAtRisk = new Money(100m, Currency.CNY),
    };

    /// <summary>Runs assertions, naming the case in the failure.</summary>
    private static async Task Because(string what, Func<Task> assertions)
    {
        try
        {
            await assertions();
        }
        catch (XunitException e)
        {
            throw new XunitException($"{what}: {e.Message}");
        }
    }

    /// <summary>
    /// For each failure, on a fresh seeded world: a unit writes to every store with that one write wrong (each write
    /// completing), its commit throws <see cref="CrmConcurrencyException"/>, and the stores are as before.
    /// </summary>
    private async Task AssertEachFailureAppliesNothingAsync(params Failure[] failures)
    {
        var units = await CreateUnitOfWorkFactoryAsync();
        foreach (var failure in failures)
        {
            var world = await SeedAsync();
            var before = await SnapshotAsync(world);
            await using var unit = await units.BeginAsync();
            await WriteEveryStoreAsync(unit, world, failure);

            await Because(failure.ToString(), async () =>
            {
                await Assert.ThrowsAsync<CrmConcurrencyException>(() => unit.CommitAsync());
                Assert.Equal(before, await SnapshotAsync(world));
                Assert.Null(await ReadAsync<ICustomerStore, CustomerProfile?>(s => s.FindAsync(world.NewCustomer)));
            });
        }
    }

    /// <summary>Reads committed state through a unit of its own.</summary>
    private async Task<T> ReadAsync<TStore, T>(Func<TStore, Task<T>> read)
        where TStore : class
    {
        await using var unit = await (await CreateUnitOfWorkFactoryAsync()).BeginAsync();
        return await read(unit.GetStore<TStore>());
    }

    /// <summary>
    /// Commits, in one unit, a customer with a profile, one purchase, a points account, a tier record with a change, a
    /// grant, a coupon of a template with a usage, an episode, an assessment and a feedback; and says what the next unit writes.
    /// </summary>
    private async Task<World> SeedAsync()
    {
        var units = await CreateUnitOfWorkFactoryAsync();
        var customer = ActivityEntries.NewCustomerId("uow");
        var template = "t-" + Guid.NewGuid().ToString("N");
        var purchase = ActivityEntries.Purchase(ActivityEntries.NewId("p"), customer, T0, ("coffee", 30m)) with { Sequence = 1 };
        var feedback = new ChurnFeedback { Id = ActivityEntries.NewId("f"), CustomerId = customer, ReportedAt = T0, Note = "cold coffee" };
        await using (var unit = await units.BeginAsync())
        {
            await unit.GetStore<IActivityStore>().AppendAsync(purchase, 0);
            await unit.GetStore<ICustomerStore>().CreateAsync(new CustomerProfile { Id = customer, JoinedAt = T0, Name = "Li Lei", Tags = ["vip"] });
            await unit.GetStore<IPointsLedgerStore>().AppendAsync(customer, EarnWrite(customer, "purchase:" + purchase.Id, 0, 30, 1, 30));
            await unit.GetStore<IMembershipStore>().SaveAsync(
                new MemberState { CustomerId = customer, Tier = "green", ReachedAt = T0 },
                0,
                new TierChange { CustomerId = customer, From = null, To = "green", Reason = TierChangeReason.Upgrade, OccurredAt = T0, Explanation = "joined", Key = "upgrade:" + purchase.Id });
            await unit.GetStore<IMembershipStore>().RecordGrantAsync(customer, "welcome:green", T0);
            await unit.GetStore<ICouponStore>().IssueAsync(NewCoupon(customer, template), CouponIssueLimits.None);
            await unit.GetStore<IChurnStore>().SaveEpisodeAsync(new ChurnEpisode { CustomerId = customer, Number = 1, StartedAt = T0, HighestLevel = ChurnLevel.Warning }, 0);
            await unit.GetStore<IChurnStore>().SaveAssessmentAsync(Assessment(customer, T0));
            await unit.GetStore<IChurnStore>().AddFeedbackAsync(feedback);
            await unit.CommitAsync();
        }

        await using var reader = await units.BeginAsync();
        var next = ActivityEntries.Purchase(ActivityEntries.NewId("p"), customer, T0 + Duration.FromHours(1), ("tea", 18m)) with { Sequence = 2 };
        return new World(
            customer,
            template,
            purchase,
            next,
            (await reader.GetStore<ICustomerStore>().FindAsync(customer))!,
            (await reader.GetStore<IMembershipStore>().FindAsync(customer))!,
            (await reader.GetStore<ICouponStore>().ListByCustomerAsync(customer)).Single(),
            (await reader.GetStore<IChurnStore>().FindLatestEpisodeAsync(customer))!,
            feedback,
            ActivityEntries.NewCustomerId("uow"),
            "UOW" + Guid.NewGuid().ToString("N").ToUpperInvariant(),
            "periodic:green:" + Guid.NewGuid().ToString("N"),
            ActivityEntries.NewId("f"));
    }

    /// <summary>
    /// Writes one change to every store in a unit, in the order a purchase would (journal, profiles, points, membership,
    /// coupons, churn), with the versions and keys of the seeded world; <paramref name="failure"/> makes one of them wrong.
    /// </summary>
    private static async Task<Written> WriteEveryStoreAsync(IStoreUnitOfWork unit, World w, Failure failure)
    {
        var activity = unit.GetStore<IActivityStore>();
        var customers = unit.GetStore<ICustomerStore>();
        var points = unit.GetStore<IPointsLedgerStore>();
        var members = unit.GetStore<IMembershipStore>();
        var coupons = unit.GetStore<ICouponStore>();
        var churn = unit.GetStore<IChurnStore>();
        var next = failure == Failure.ActivityId ? w.NextPurchase with { Id = w.Purchase.Id, PurchaseId = w.Purchase.Id } : w.NextPurchase;

        await activity.AppendAsync(failure == Failure.ActivityVersion ? next with { Sequence = 1 } : next, failure == Failure.ActivityVersion ? 0 : 1);
        var (created, _) = await customers.CreateAsync(new CustomerProfile { Id = failure == Failure.ProfileExists ? w.Customer : w.NewCustomer, JoinedAt = T0 });
        var profile = await customers.UpdateAsync(w.Profile with { Name = "Han Meimei" }, failure == Failure.ProfileVersion ? w.Profile.Version + 1 : w.Profile.Version);
        var earned = await points.AppendAsync(
            w.Customer,
            EarnWrite(w.Customer, failure == Failure.PointsKey ? "purchase:" + w.Purchase.Id : "purchase:" + w.NextPurchaseId, failure == Failure.PointsVersion ? 0 : 1, 18, 2, 48));
        var member = await members.SaveAsync(
            w.Member with { Tier = "gold", ReachedAt = next.OccurredAt },
            failure == Failure.MemberVersion ? w.Member.Version - 1 : w.Member.Version,
            new TierChange { CustomerId = w.Customer, From = "green", To = "gold", Reason = TierChangeReason.Upgrade, OccurredAt = next.OccurredAt, Explanation = "48.00 CNY", Key = failure == Failure.TierChangeKey ? "upgrade:" + w.Purchase.Id : "upgrade:" + w.NextPurchaseId });
        var granted = await members.RecordGrantAsync(w.Customer, failure == Failure.GrantKey ? "welcome:green" : w.NewGrantKey, next.OccurredAt);
        var redeemed = await coupons.UpdateAsync(
            w.Coupon with { Status = CouponStatus.Redeemed, RedemptionKey = w.NextPurchaseId, RedeemedAt = next.OccurredAt },
            failure == Failure.CouponVersion ? w.Coupon.Version + 1 : w.Coupon.Version,
            1,
            failure == Failure.CouponRedeemedBudget ? new CouponBudgetCheck(0, next.OccurredAt) : null);
        var limits = failure switch
        {
            Failure.CouponIssueBudget => new CouponIssueLimits(1, null, null, null),
            Failure.CouponCustomerCap => new CouponIssueLimits(null, 1, null, null),
            _ => CouponIssueLimits.None,
        };
        var issued = await coupons.IssueAsync(
            NewCoupon(w.Customer, w.TemplateId) with { Id = w.NewCouponId, IssueKey = failure == Failure.CouponIssueKey ? w.Coupon.IssueKey : "issue-" + w.NewCouponId },
            limits);
        var episode = await churn.SaveEpisodeAsync(
            w.Episode with { Outcome = ChurnEpisodeOutcome.Returned, EndedAt = next.OccurredAt },
            failure == Failure.EpisodeVersion ? w.Episode.Version + 1 : w.Episode.Version);
        await churn.SaveAssessmentAsync(Assessment(w.Customer, T0 + Duration.FromDays(1)) with { Level = ChurnLevel.None });
        var feedback = await churn.AddFeedbackAsync(failure == Failure.FeedbackId
            ? w.Feedback with { Note = "again" }
            : new ChurnFeedback { Id = w.NewFeedbackId, CustomerId = w.Customer, ReportedAt = next.OccurredAt, IsNegative = false });
        return new Written(created, profile, earned, member, granted, redeemed, issued, episode, feedback);
    }

    /// <summary>Everything the stores hold about a seeded world, as JSON, read through a unit (a new one when <see langword="null"/>).</summary>
    private async Task<string> SnapshotAsync(World w, IStoreUnitOfWork? through = null)
    {
        var owned = through is null ? await (await CreateUnitOfWorkFactoryAsync()).BeginAsync() : null;
        var unit = through ?? owned!;
        try
        {
            var activity = unit.GetStore<IActivityStore>();
            var customers = unit.GetStore<ICustomerStore>();
            var points = unit.GetStore<IPointsLedgerStore>();
            var members = unit.GetStore<IMembershipStore>();
            var coupons = unit.GetStore<ICouponStore>();
            var churn = unit.GetStore<IChurnStore>();
            var state = new Dictionary<string, object?>
            {
                ["metrics"] = (await activity.GetMetricsAsync(w.Customer))?.ToString(),
                ["journal"] = await activity.GetEntriesAsync(w.Customer, 0, 100),
                ["next"] = await activity.FindEntryAsync(ActivityKind.Purchase, w.NextPurchaseId),
                ["totals"] = (await activity.GetTotalsAsync(w.Customer, T0 - Duration.FromDays(1), T0 + Duration.FromDays(1))).ToString(),
                ["profile"] = await customers.FindAsync(w.Customer),
                ["newProfile"] = await customers.FindAsync(w.NewCustomer),
                ["account"] = await points.FindAsync(w.Customer, includeLots: true),
                ["points"] = await points.GetEntriesAsync(w.Customer, null, 100),
                ["earned"] = (await points.GetEarnedAsync(w.Customer, T0 - Duration.FromDays(1), T0 + Duration.FromDays(1))).Value,
                ["member"] = await members.FindAsync(w.Customer),
                ["history"] = await members.GetHistoryAsync(w.Customer),
                ["granted"] = (await members.IsGrantedAsync(w.Customer, "welcome:green"), await members.IsGrantedAsync(w.Customer, w.NewGrantKey)).ToString(),
                ["coupons"] = await coupons.ListByCustomerAsync(w.Customer),
                ["newCoupon"] = await coupons.FindAsync(w.NewCouponId),
                ["usage"] = await coupons.GetUsageAsync(w.TemplateId),
                ["episode"] = await churn.FindLatestEpisodeAsync(w.Customer),
                ["assessment"] = await churn.FindAssessmentAsync(w.Customer),
                ["feedback"] = await churn.GetFeedbackAsync(w.Customer),
            };
            return CrmJson.Serialize(state);
        }
        finally
        {
            if (owned is not null)
            {
                await owned.DisposeAsync();
            }
        }
    }

    /// <summary>What every store of a new unit holds about the ids of <paramref name="calls"/>.</summary>
    private static async Task<string> SnapshotOfCallsAsync(IStoreUnitOfWorkFactory units, StoreCalls calls)
    {
        await using var unit = await units.BeginAsync();
        return string.Join(
            "\n",
            await calls.SnapshotAsync(unit.GetStore<IActivityStore>()),
            await calls.SnapshotAsync(unit.GetStore<ICustomerStore>()),
            await calls.SnapshotAsync(unit.GetStore<IPointsLedgerStore>()),
            await calls.SnapshotAsync(unit.GetStore<IMembershipStore>()),
            await calls.SnapshotAsync(unit.GetStore<ICouponStore>()),
            await calls.SnapshotAsync(unit.GetStore<IChurnStore>()));
    }

    /// <summary>What the stores answer about a customer and ids nothing was written for.</summary>
    private static async Task<string> SnapshotOfUnknownAsync(IStoreUnitOfWork unit, CustomerId customer, string purchaseId, string refundId)
    {
        var activity = unit.GetStore<IActivityStore>();
        var state = new Dictionary<string, object?>
        {
            ["metrics"] = (await activity.GetMetricsAsync(customer))?.ToString(),
            ["purchase"] = await activity.FindEntryAsync(ActivityKind.Purchase, purchaseId),
            ["refund"] = await activity.FindEntryAsync(ActivityKind.Refund, refundId),
            ["refunds"] = await activity.GetRefundsOfPurchaseAsync(purchaseId),
            ["journal"] = await activity.GetEntriesAsync(customer, 0, 10),
            ["profile"] = await unit.GetStore<ICustomerStore>().FindAsync(customer),
            ["account"] = await unit.GetStore<IPointsLedgerStore>().FindAsync(customer, includeLots: true),
            ["member"] = await unit.GetStore<IMembershipStore>().FindAsync(customer),
            ["coupons"] = await unit.GetStore<ICouponStore>().ListByKeyAsync(customer, purchaseId),
            ["episode"] = await unit.GetStore<IChurnStore>().FindLatestEpisodeAsync(customer),
            ["assessment"] = await unit.GetStore<IChurnStore>().FindAssessmentAsync(customer),
        };
        return CrmJson.Serialize(state);
    }

    /// <summary>No adapter provides this.</summary>
    private interface INoSuchStore
    {
    }

    /// <summary>A seeded customer's records, and the ids the next unit writes.</summary>
    private sealed record World(
        CustomerId Customer,
        string TemplateId,
        ActivityEntry Purchase,
        ActivityEntry NextPurchase,
        CustomerProfile Profile,
        MemberState Member,
        Coupon Coupon,
        ChurnEpisode Episode,
        ChurnFeedback Feedback,
        CustomerId NewCustomer,
        string NewCouponId,
        string NewGrantKey,
        string NewFeedbackId)
    {
        public string NextPurchaseId => NextPurchase.Id;
    }

    /// <summary>What the writes of <see cref="WriteEveryStoreAsync"/> returned.</summary>
    private sealed record Written(
        CustomerProfile Created,
        CustomerProfile Profile,
        PointsAppendResult Points,
        MemberState Member,
        bool Granted,
        Coupon? Coupon,
        CouponStoreIssueResult Issued,
        ChurnEpisode Episode,
        (ChurnFeedback Feedback, bool Added) Feedback);

    /// <summary>An activity store for <see cref="CrmManager"/>'s own reads: each read through a unit of its own (committed state); no writes.</summary>
    private sealed class CommittedActivityReads(IStoreUnitOfWorkFactory units) : IActivityStore
    {
        public Task AppendAsync(ActivityEntry entry, long expectedVersion, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("The manager writes through its units of work.");

        public Task<CustomerMetrics?> GetMetricsAsync(CustomerId customerId, CancellationToken cancellationToken = default) =>
            ReadAsync(s => s.GetMetricsAsync(customerId, cancellationToken), cancellationToken);

        public Task<ActivityEntry?> FindEntryAsync(ActivityKind kind, string id, CancellationToken cancellationToken = default) =>
            ReadAsync(s => s.FindEntryAsync(kind, id, cancellationToken), cancellationToken);

        public Task<IReadOnlyList<ActivityEntry>> GetRefundsOfPurchaseAsync(string purchaseId, CancellationToken cancellationToken = default) =>
            ReadAsync(s => s.GetRefundsOfPurchaseAsync(purchaseId, cancellationToken), cancellationToken);

        public Task<IReadOnlyList<ActivityEntry>> GetEntriesAsync(CustomerId customerId, long afterSequence, int limit, CancellationToken cancellationToken = default) =>
            ReadAsync(s => s.GetEntriesAsync(customerId, afterSequence, limit, cancellationToken), cancellationToken);

        public Task<ActivityTotals> GetTotalsAsync(CustomerId customerId, Instant from, Instant to, CancellationToken cancellationToken = default) =>
            ReadAsync(s => s.GetTotalsAsync(customerId, from, to, cancellationToken), cancellationToken);

        public Task<IReadOnlyList<Instant>> GetPurchaseInstantsAsync(CustomerId customerId, Instant from, Instant to, CancellationToken cancellationToken = default) =>
            ReadAsync(s => s.GetPurchaseInstantsAsync(customerId, from, to, cancellationToken), cancellationToken);

        public Task<IReadOnlyList<CustomerMetrics>> ListMetricsAsync(CustomerId? after, int limit, CancellationToken cancellationToken = default) =>
            ReadAsync(s => s.ListMetricsAsync(after, limit, cancellationToken), cancellationToken);

        public Task<IReadOnlyList<ActivityEntry>> ListEntriesAsync(Instant from, Instant to, JournalPosition? after, int limit, string? storeId = null, CancellationToken cancellationToken = default) =>
            ReadAsync(s => s.ListEntriesAsync(from, to, after, limit, storeId, cancellationToken), cancellationToken);

        private async Task<T> ReadAsync<T>(Func<IActivityStore, Task<T>> read, CancellationToken cancellationToken)
        {
            await using var unit = await units.BeginAsync(cancellationToken);
            return await read(unit.GetStore<IActivityStore>());
        }
    }

    /// <summary>No tiers and no event sink: the manager with no packages installed.</summary>
    /// <summary>Writes the purchase's points (one per whole yuan) through the unit, then throws while <see cref="Fail"/> is set.</summary>
    private sealed class EarnThenFail : IPurchaseHandler
    {
        public bool Fail { get; set; } = true;

        public int Order => CrmHandlerOrder.Host;

        public async ValueTask HandleAsync(PurchaseContext context, CancellationToken cancellationToken)
        {
            var customer = context.Entry.CustomerId;
            var points = (long)decimal.Floor(context.Entry.Amount.Amount);
            await context.UnitOfWork.GetStore<IPointsLedgerStore>().AppendAsync(customer, EarnWrite(customer, "purchase:" + context.Entry.Id, 0, points, 1, points), cancellationToken);
            if (Fail)
            {
                throw new InvalidOperationException("The handler failed after its write.");
            }
        }
    }

    private sealed class NoIntegrations : ICustomerTierProvider, ICrmEventSink
    {
        public ValueTask<CustomerTier?> GetTierAsync(CustomerId customerId, Instant asOf, IStoreUnitOfWork? unitOfWork = null, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult<CustomerTier?>(null);

        public ValueTask PublishAsync(CrmEvent crmEvent, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
    }
}
