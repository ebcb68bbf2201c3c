using Crm.Churn;
using Crm.Coupons;
using Crm.Membership;
using Crm.Points;

namespace Crm.Core.Tests.Issues;

/// <summary>Issue 19: a replay of a fully recorded purchase reads, writes nothing and returns the same outcome.</summary>
public sealed partial class IssuesTests
{
    /// <summary>
    /// The checkout (35 points, the upgrade to silver with its welcome coupon, the off5 coupon confirmed, the win-back
    /// episode ended) recorded twice: the replay's outcomes equal the first recording's field by field, no store call of
    /// its unit writes and the unit is never committed, no event is published, and the stores are unchanged.
    /// </summary>
    [Fact]
    public async Task RecordPurchase_Replay_ReturnsTheSameOutcomes_AndWritesNothing_19()
    {
        using var shop = await Shop.CreateAsync();
        var recorded = await shop.Manager.RecordPurchaseAsync(Shop.TheCheckout);
        var state = await shop.FingerprintAsync();
        shop.Units.Reset();
        shop.Events.Clear();

        var replay = await shop.Manager.RecordPurchaseAsync(Shop.TheCheckout);

        (replay.Status, replay.IsReplay).Should().Be((RecordStatus.Replayed, true));
        replay.Entry.Should().Be(recorded.Entry with { Lines = replay.Entry.Lines });
        replay.Metrics.Should().Be(recorded.Metrics);

        var points = (First: recorded.GetOutcome<PointsAward>()!, Replay: replay.GetOutcome<PointsAward>()!);
        points.Replay.Points.Should().Be(points.First.Points).And.Be(new PointAmount(35));
        points.Replay.Explanation.Should().Equal(points.First.Explanation);
        points.Replay.Entries.Should().Equal(points.First.Entries);
        points.Replay.IsReplay.Should().BeTrue();

        var tier = (First: recorded.GetOutcome<MembershipOutcome>()!, Replay: replay.GetOutcome<MembershipOutcome>()!);
        (tier.Replay.TierBefore, tier.Replay.TierAfter).Should().Be((tier.First.TierBefore, tier.First.TierAfter)).And.Be(("green", "silver"));
        tier.Replay.Change.Should().Be(tier.First.Change);
        tier.Replay.Totals.Should().Be(tier.First.Totals);

        var coupons = (First: recorded.GetOutcome<PurchaseCouponsOutcome>()!, Replay: replay.GetOutcome<PurchaseCouponsOutcome>()!);
        coupons.Replay.Results.Select(r => r.Status).Should().Equal(coupons.First.Results.Select(r => r.Status)).And.Equal(RedemptionStatus.Succeeded);
        coupons.Replay.Results.Select(r => r.Coupon).Should().Equal(coupons.First.Results.Select(r => r.Coupon));

        var episode = (First: recorded.GetOutcome<ChurnEpisode>()!, Replay: replay.GetOutcome<ChurnEpisode>()!);
        episode.Replay.Should().Be(episode.First with { ActedLevels = episode.Replay.ActedLevels });
        episode.Replay.ActedLevels.Should().Equal(episode.First.ActedLevels);
        replay.Outcomes.Select(o => o.GetType()).Should().Equal(recorded.Outcomes.Select(o => o.GetType()));

        shop.Units.Writes.Should().Be(0, "the replay path only reads: {0}", string.Join(", ", shop.Units.Steps));
        shop.Units.CommitAttempts.Should().Be(0);
        shop.Units.Steps.Should().NotBeEmpty();
        shop.Events.Events.Should().BeEmpty();
        (await shop.FingerprintAsync()).Should().Be(state);
    }

    /// <summary>
    /// A refund of the checkout (one of its two lattes: 17.50 of the 35.00 paid, so 17 of its 35 points reversed) recorded
    /// twice: the replay reports the same reversal, writes nothing, never commits and leaves the stores unchanged.
    /// </summary>
    [Fact]
    public async Task RecordRefund_Replay_ReturnsTheSameReversal_AndWritesNothing_19()
    {
        using var shop = await Shop.CreateAsync();
        await shop.Manager.RecordPurchaseAsync(Shop.TheCheckout);
        var refund = Crm.TestUtils.Facts.RefundLines("r-new", "p-new", shop.Crm.Clock.GetCurrentInstant(), ("1", 1m));
        var recorded = await shop.Manager.RecordRefundAsync(refund);
        var state = await shop.FingerprintAsync();
        shop.Units.Reset();

        var replay = await shop.Manager.RecordRefundAsync(refund);

        (replay.Status, replay.IsReplay).Should().Be((RecordStatus.Replayed, true));
        replay.Metrics.Should().Be(recorded.Metrics);
        var reversal = (First: recorded.GetOutcome<PointsReversal>()!, Replay: replay.GetOutcome<PointsReversal>()!);
        reversal.First.Points.Should().Be(new PointAmount(17));
        reversal.Replay.Points.Should().Be(reversal.First.Points);
        reversal.Replay.Entries.Should().Equal(reversal.First.Entries);
        shop.Units.Writes.Should().Be(0, "the replay path only reads: {0}", string.Join(", ", shop.Units.Steps));
        shop.Units.CommitAttempts.Should().Be(0);
        (await shop.FingerprintAsync()).Should().Be(state);
    }
}
