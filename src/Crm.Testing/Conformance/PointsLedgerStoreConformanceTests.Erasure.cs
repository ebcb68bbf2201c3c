using Crm.Points;
using Crm.Testing.Fakes;
using NodaTime;
using Xunit;

namespace Crm.Testing.Conformance;

/// <content>Erasure of the free text of a customer's ledger (issue 26).</content>
public abstract partial class PointsLedgerStoreConformanceTests
{
    /// <summary>
    /// Erasure replaces the reasons of the customer's adjustments and redemptions by the marker with the instant, keeps their
    /// points, keys, operators and the account, keeps earn reasons and other customers' reasons, and erases nothing the
    /// second time; the entries of a write key read back erased too.
    /// </summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task EraseCustomerText_ErasesOnlyTheCustomersTypedReasonsOnce()
    {
        var store = await CreateStoreAsync();
        var manager = CreateManager(store);
        var id = ActivityEntries.NewCustomerId();
        var other = ActivityEntries.NewCustomerId();
        await manager.AdjustAsync(id, new PointAmount(100), "goodwill", "goodwill for Zhang San 13800138000", "op-1");
        await manager.RedeemAsync(id, new PointAmount(10), "r-1", "latte for Zhang San");
        var earn = Entry(id, 3, "purchase:p-1", PointsEntryKind.Earn, 5);
        var account = await store.FindAsync(id, includeLots: false);
        await store.AppendAsync(id, Write(id, "purchase:p-1", account!.Version, account with { EntryCount = 3, Balance = new PointAmount(95) }, [earn], []));
        await manager.AdjustAsync(other, new PointAmount(7), "goodwill", "goodwill for Li Si", "op-1");
        var before = (await store.GetEntriesAsync(id, null, 10)).OrderBy(e => e.Sequence).ToList();
        var accountBefore = await store.FindAsync(id, includeLots: true);
        var theirs = await store.GetEntriesAsync(other, null, 10);
        var at = T0 + Duration.FromDays(1);

        Assert.Equal(2, await store.EraseCustomerTextAsync(id, at));
        Assert.Equal(0, await store.EraseCustomerTextAsync(id, at + Duration.FromDays(1)));

        var after = (await store.GetEntriesAsync(id, null, 10)).OrderBy(e => e.Sequence).ToList();
        Assert.Equal(
            before.Select(e => e.Kind is PointsEntryKind.Adjustment or PointsEntryKind.Redemption ? e with { Reason = PointsEntry.ErasedReason, ReasonErasedAt = at } : e),
            after);
        Assert.Equal(earn, after[2]);
        Assert.Equal([after[0]], await store.FindWriteAsync(id, "adjust:goodwill"));
        Assert.Equal([after[1]], await store.FindWriteAsync(id, "redeem:r-1"));
        Assert.Equal(accountBefore, await store.FindAsync(id, includeLots: true), new AccountComparer());
        Assert.Equal(theirs, await store.GetEntriesAsync(other, null, 10));
        Assert.Equal(0, await store.EraseCustomerTextAsync(ActivityEntries.NewCustomerId(), at));
    }

    /// <summary>
    /// After an erasure, <see cref="PointsManager"/> answers the same adjustment and redemption again as replays (the erased
    /// reason cannot be compared, the kind and points still are); a key used for other points is still refused.
    /// </summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Manager_ReplayAfterErasure_IsStillAReplay()
    {
        var store = await CreateStoreAsync();
        var manager = CreateManager(store);
        var id = ActivityEntries.NewCustomerId();
        var adjusted = await manager.AdjustAsync(id, new PointAmount(100), "goodwill", "goodwill for Zhang San 13800138000", "op-1");
        var redeemed = await manager.RedeemAsync(id, new PointAmount(10), "r-1", "latte for Zhang San");
        await store.EraseCustomerTextAsync(id, T0 + Duration.FromDays(1));

        var adjustAgain = await manager.AdjustAsync(id, new PointAmount(100), "goodwill", "goodwill for Zhang San 13800138000", "op-1");
        var redeemAgain = await manager.RedeemAsync(id, new PointAmount(10), "r-1", "latte for Zhang San");
        var reused = await Record.ExceptionAsync(() => manager.AdjustAsync(id, new PointAmount(50), "goodwill", "goodwill for Zhang San 13800138000", "op-1"));

        Assert.Equal(PointsChangeStatus.Replayed, adjustAgain.Status);
        Assert.Equal(adjusted.Points, adjustAgain.Points);
        Assert.Equal(PointsEntry.ErasedReason, Assert.Single(adjustAgain.Entries).Reason);
        Assert.Equal(PointsChangeStatus.Replayed, redeemAgain.Status);
        Assert.Equal(redeemed.Points, redeemAgain.Points);
        Assert.Equal(PointsErrorCodes.KeyReused, Assert.IsType<CrmValidationException>(reused).ErrorCode);
        Assert.Equal(new PointAmount(90), (await manager.GetBalanceAsync(id)).Total);
    }

    /// <summary>Compares accounts by value, lots and counters included (their collections compare by reference).</summary>
    private sealed class AccountComparer : IEqualityComparer<PointsAccount?>
    {
        private static readonly IReadOnlyList<PointsLot> NoLots = [];
        private static readonly IReadOnlyDictionary<string, long> NoCounters = new Dictionary<string, long>();

        public bool Equals(PointsAccount? x, PointsAccount? y) =>
            x is null || y is null
                ? x is null && y is null
                : x with { Lots = NoLots, Counters = NoCounters } == y with { Lots = NoLots, Counters = NoCounters }
                  && x.Lots.SequenceEqual(y.Lots)
                  && x.Counters.OrderBy(c => c.Key, StringComparer.Ordinal).SequenceEqual(y.Counters.OrderBy(c => c.Key, StringComparer.Ordinal));

        public int GetHashCode(PointsAccount? obj) => obj?.CustomerId.GetHashCode() ?? 0;
    }
}
