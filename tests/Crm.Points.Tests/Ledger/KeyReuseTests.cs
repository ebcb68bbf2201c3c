using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using static Crm.TestUtils.Facts;

namespace Crm.Points.Tests.Ledger;

/// <summary>A key names one change: the same call again is a replay, another change under the key is an error that writes nothing.</summary>
public sealed class KeyReuseTests : PointsTestBase
{
    [Fact]
    public async Task Redeem_KeyReusedWithAnotherAmountOrReason_Throws_AndWritesNothing()
    {
        var (crm, points) = Create(BaseRules, Local(2026, 6, 2));
        using var _ = crm;
        await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "c-1", Local(2026, 6, 1, 10), Line("1", 100m)));
        await points.RedeemAsync(C1, new PointAmount(30), "r-1", "cake");

        // 20 more would fit (70 left), 90 would not: either way the key already names the 30-point cake.
        await FluentActions.Awaiting(() => points.RedeemAsync(C1, new PointAmount(20), "r-1", "cake")).Should().ThrowAsync<CrmValidationException>()
            .Where(e => e.ErrorCode == PointsErrorCodes.KeyReused && e.Field == "idempotencyKey" && e.Message.Contains("Redemption -30 pts", StringComparison.Ordinal));
        await FluentActions.Awaiting(() => points.RedeemAsync(C1, new PointAmount(90), "r-1", "cake")).Should().ThrowAsync<CrmValidationException>()
            .Where(e => e.ErrorCode == PointsErrorCodes.KeyReused);
        await FluentActions.Awaiting(() => points.RedeemAsync(C1, new PointAmount(30), "r-1", "mug")).Should().ThrowAsync<CrmValidationException>()
            .Where(e => e.ErrorCode == PointsErrorCodes.KeyReused);

        (await points.RedeemAsync(C1, new PointAmount(30), "r-1", "cake")).Status.Should().Be(PointsChangeStatus.Replayed);
        (await points.GetBalanceAsync(C1)).Total.Should().Be(new PointAmount(70));
        (await points.GetStatementAsync(C1)).Entries.Should().HaveCount(2);
    }

    [Fact]
    public async Task Adjust_KeyReusedForTheOppositeChange_Throws()
    {
        var (crm, points) = Create(BaseRules, Local(2026, 6, 2));
        using var _ = crm;
        await points.AdjustAsync(C1, new PointAmount(50), "adj-1", "goodwill", "op-1");

        await FluentActions.Awaiting(() => points.AdjustAsync(C1, new PointAmount(-50), "adj-1", "goodwill", "op-1")).Should().ThrowAsync<CrmValidationException>()
            .Where(e => e.ErrorCode == PointsErrorCodes.KeyReused);
        await FluentActions.Awaiting(() => points.AdjustAsync(C1, new PointAmount(50), "adj-1", "goodwill", "op-2")).Should().ThrowAsync<CrmValidationException>()
            .Where(e => e.ErrorCode == PointsErrorCodes.KeyReused);

        (await points.AdjustAsync(C1, new PointAmount(50), "adj-1", "goodwill", "op-1")).Status.Should().Be(PointsChangeStatus.Replayed);
        (await points.GetBalanceAsync(C1)).Total.Should().Be(new PointAmount(50));
    }

    [Fact]
    public async Task Event_KeyReusedForAnotherEvent_Throws_EvenWhenTheLimitIsReached()
    {
        var rules = new EarnRules { Events = [new EventAward { Event = "signUp", Points = 10 }, new EventAward { Event = "review", Points = 10 }] };
        var (crm, points) = Create(rules, Local(2026, 6, 2));
        using var _ = crm;
        await points.AwardEventAsync(C1, "signUp", "e-1");
        await points.AwardEventAsync(C1, "review", "e-2");

        // Same points, other event: the reason differs. The review's limit (1) is reached, so this goes the limit path.
        await FluentActions.Awaiting(() => points.AwardEventAsync(C1, "review", "e-1")).Should().ThrowAsync<CrmValidationException>()
            .Where(e => e.ErrorCode == PointsErrorCodes.KeyReused);
        (await points.AwardEventAsync(C1, "signUp", "e-1")).Status.Should().Be(PointsChangeStatus.Replayed);
        (await points.GetBalanceAsync(C1)).Total.Should().Be(new PointAmount(20));
    }

    [Fact]
    public async Task Event_KeyReusedForAnotherEventWithinItsLimit_Throws()
    {
        var rules = new EarnRules { Events = [new EventAward { Event = "signUp", Points = 10 }, new EventAward { Event = "review", Points = 10, PerCustomerLimit = 5 }] };
        var (crm, points) = Create(rules, Local(2026, 6, 2));
        using var _ = crm;
        await points.AwardEventAsync(C1, "signUp", "e-1");

        // The review is within its limit, so the write reaches the store, which finds the key: the append path.
        await FluentActions.Awaiting(() => points.AwardEventAsync(C1, "review", "e-1")).Should().ThrowAsync<CrmValidationException>()
            .Where(e => e.ErrorCode == PointsErrorCodes.KeyReused);
        (await points.GetBalanceAsync(C1)).Total.Should().Be(new PointAmount(10));
    }

    [Fact]
    public async Task Event_ReplayedAfterItsPointsChangedInTheRules_IsAReplay()
    {
        // The sign-up was worth 10 when awarded; the rules now say 20, and the message bus delivers the award again.
        var (before, old) = Create(new EarnRules { Events = [new EventAward { Event = "signUp", Points = 10 }] }, Local(2026, 6, 2));
        using var _ = before;
        var store = Store(before);
        var (after, points) = Create(new EarnRules { Events = [new EventAward { Event = "signUp", Points = 20 }] }, Local(2026, 6, 3), builder: b => b.Services.Replace(ServiceDescriptor.Singleton(store)));
        using var _a = after;
        await old.AwardEventAsync(C1, "signUp", "e-1");

        var replay = await points.AwardEventAsync(C1, "signUp", "e-1");

        replay.Status.Should().Be(PointsChangeStatus.Replayed);
        replay.Points.Should().Be(new PointAmount(10));
        (await points.GetBalanceAsync(C1)).Total.Should().Be(new PointAmount(10));
    }

    [Fact]
    public async Task Expire_AsOfLaterThanNow_Throws_AndExpiresNothing()
    {
        var (crm, points) = Create(BaseRules, Local(2026, 6, 2), o => o.Expiry = PointsExpiry.EndOfYear(0));
        using var _ = crm;
        await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "c-1", Local(2026, 6, 1, 10), Line("1", 45m)));

        await FluentActions.Awaiting(() => points.ExpireAsync(Local(2027, 1, 1))).Should().ThrowAsync<CrmValidationException>()
            .Where(e => e.ErrorCode == PointsErrorCodes.AsOfInFuture && e.Field == "asOf");

        (await points.ExpireAsync(Local(2026, 6, 2))).Points.Should().Be(PointAmount.Zero);
        (await points.GetBalanceAsync(C1)).Total.Should().Be(new PointAmount(45));
    }
}
