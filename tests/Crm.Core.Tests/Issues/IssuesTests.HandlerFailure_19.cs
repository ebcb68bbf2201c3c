using Crm.Churn;
using Crm.Coupons;
using Crm.Membership;
using Crm.Points;

namespace Crm.Core.Tests.Issues;

/// <summary>Issue 19: a purchase is recorded with everything every package does about it, or not at all.</summary>
public sealed partial class IssuesTests
{
    /// <summary>
    /// A host handler (after every package, so after the journal append, the points, the upgrade and the coupon
    /// confirmation were written to the unit) throws: nothing of the purchase remains, no event is published, and
    /// recording the same purchase again works as if it were new.
    /// </summary>
    [Fact]
    public async Task RecordPurchase_HostHandlerThrowsAfterEveryPackage_NothingRemains_AndRecordingAgainWorksAsNew_19()
    {
        using var reference = await Shop.CreateAsync();
        var expected = await reference.Manager.RecordPurchaseAsync(Shop.TheCheckout);
        var expectedState = await reference.FingerprintAsync();
        using var shop = await Shop.CreateAsync();
        var before = await shop.FingerprintAsync();
        shop.Host.Fail = true;

        var act = () => shop.Manager.RecordPurchaseAsync(Shop.TheCheckout);

        await act.Should().ThrowAsync<InvalidOperationException>().WithMessage("the host's own system is down");
        (await shop.FingerprintAsync()).Should().Be(before);
        (await shop.Crm.Activity.FindEntryAsync(ActivityKind.Purchase, "p-new")).Should().BeNull();
        (await shop.Manager.GetMetricsAsync(Shop.Customer)).PurchaseCount.Should().Be(4);
        (await shop.Crm.Get<PointsManager>().GetBalanceAsync(Shop.Customer)).Total.Should().Be(new PointAmount(120));
        (await shop.Crm.Get<MembershipManager>().GetStateAsync(Shop.Customer))!.Tier.Should().Be("green");
        var wallet = await shop.Crm.Get<CouponManager>().GetWalletAsync(Shop.Customer);
        wallet.Should().ContainSingle(c => c.TemplateId == "off5").Which.Status.Should().Be(CouponStatus.Reserved);
        wallet.Should().NotContain(c => c.TemplateId == "silver-welcome");
        (await shop.Crm.Get<IChurnStore>().FindLatestEpisodeAsync(Shop.Customer))!.IsOpen.Should().BeTrue();
        shop.Events.Events.Should().BeEmpty();
        shop.Units.Commits.Should().Be(0);
        shop.Units.Writes.Should().BeGreaterThan(5, "the journal, points, tier, welcome coupon, redemption and episode were written to the unit before the host failed");

        shop.Host.Fail = false;
        var again = await shop.Manager.RecordPurchaseAsync(Shop.TheCheckout);

        again.Status.Should().Be(RecordStatus.Recorded);
        again.Entry.Sequence.Should().Be(5);
        again.GetOutcome<PointsAward>()!.Points.Should().Be(expected.GetOutcome<PointsAward>()!.Points);
        again.GetOutcome<MembershipOutcome>()!.Should().Be(expected.GetOutcome<MembershipOutcome>()!);
        (await shop.FingerprintAsync()).Should().Be(expectedState);
        shop.Events.Events.Select(e => e.GetType().Name).Should().Equal(reference.Events.Events.Select(e => e.GetType().Name));
    }

    /// <summary>The story's checkout, recorded once without incident: what every other test compares with (hand-computed).</summary>
    [Fact]
    public async Task TheCheckout_RecordedOnce_DoesWhatTheStorySays_19()
    {
        using var shop = await Shop.CreateAsync();

        var result = await shop.Manager.RecordPurchaseAsync(Shop.TheCheckout);

        result.Status.Should().Be(RecordStatus.Recorded);
        result.Metrics.NetSpend.Should().Be(Crm.TestUtils.Facts.Cny(155m));          // 4 × 30.00 + 35.00
        result.GetOutcome<PointsAward>()!.Points.Should().Be(new PointAmount(35));   // at green, the tier the purchase started in
        var membership = result.GetOutcome<MembershipOutcome>()!;
        (membership.TierBefore, membership.TierAfter).Should().Be(("green", "silver"));
        membership.Totals.PointsEarned.Should().Be(155);                              // 120 + 35
        membership.Change!.Key.Should().Be("upgrade:p-new");
        var redemption = result.GetOutcome<PurchaseCouponsOutcome>()!.Results.Should().ContainSingle().Subject;
        (redemption.Status, redemption.Coupon!.TemplateId, redemption.Coupon.Status).Should().Be((RedemptionStatus.Succeeded, "off5", CouponStatus.Redeemed));
        result.GetOutcome<ChurnEpisode>()!.Outcome.Should().Be(ChurnEpisodeOutcome.WonBack);
        var wallet = await shop.Crm.Get<CouponManager>().GetWalletAsync(Shop.Customer);
        wallet.Select(c => c.TemplateId).Should().BeEquivalentTo("win-back", "silver-welcome");
        (await shop.Crm.Get<IChurnStore>().FindAssessmentAsync(Shop.Customer))!.AssessedAt.Should().Be(shop.Crm.Clock.GetCurrentInstant());
        shop.Units.Commits.Should().Be(1);
    }
}
