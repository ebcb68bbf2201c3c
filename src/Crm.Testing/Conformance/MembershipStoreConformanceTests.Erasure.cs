using Crm.Membership;
using Crm.Testing.Fakes;
using NodaTime;
using Xunit;

namespace Crm.Testing.Conformance;

/// <content>Erasure of the text staff typed about a member (issue 26).</content>
public abstract partial class MembershipStoreConformanceTests
{
    /// <summary>
    /// Erasure replaces the explanation of the member's override changes and the current override's reason by the marker,
    /// moves the record's version (a write based on the record read before fails), keeps every other change and other
    /// members' text, and erases nothing the second time.
    /// </summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task EraseCustomerText_ErasesOnlyTheMembersOverrideTextOnce()
    {
        var store = await CreateStoreAsync();
        var id = ActivityEntries.NewCustomerId();
        var other = ActivityEntries.NewCustomerId();
        var upgrade = Change(id, null, "gold", "upgrade:p1");
        var set = new TierChange { CustomerId = id, From = "gold", To = "black", Reason = TierChangeReason.OverrideSet, OccurredAt = T0 + Duration.FromHours(1), Explanation = "set by op-1: Zhang San 13800138000 complained", Key = "override:1:black" };
        var @override = new TierOverride { Tier = "black", Reason = "Zhang San 13800138000 complained", OperatorId = "op-1", ExpiresAt = T0 + Duration.FromDays(30) };
        var first = await store.SaveAsync(State(id, "gold"), 0, upgrade);
        var saved = await store.SaveAsync(first with { Override = @override }, first.Version, set);
        var theirSet = set with { CustomerId = other, Explanation = "set by op-1: Li Si" };
        var theirs = await store.SaveAsync(State(other, "gold") with { Override = @override with { Reason = "Li Si" } }, 0, theirSet);
        var at = T0 + Duration.FromDays(1);

        Assert.Equal(2, await store.EraseCustomerTextAsync(id, at));
        Assert.Equal(0, await store.EraseCustomerTextAsync(id, at + Duration.FromDays(1)));

        var erased = saved with { Override = @override with { Reason = TierChange.ErasedExplanation }, Version = saved.Version + 1 };
        Assert.Equal(erased, await store.FindAsync(id));
        Assert.Equal([upgrade, set with { Explanation = TierChange.ErasedExplanation, ExplanationErasedAt = at }], await store.GetHistoryAsync(id));
        Assert.Equal(theirs, await store.FindAsync(other));
        Assert.Equal([theirSet], await store.GetHistoryAsync(other));
        await Assert.ThrowsAsync<CrmConcurrencyException>(() => store.SaveAsync(saved, saved.Version, null));
        Assert.Equal(0, await store.EraseCustomerTextAsync(ActivityEntries.NewCustomerId(), at));
    }
}
