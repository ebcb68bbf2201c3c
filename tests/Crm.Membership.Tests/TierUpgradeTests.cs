using Crm.TestUtils;
using NodaTime;
using static Crm.TestUtils.Facts;

namespace Crm.Membership.Tests;

public sealed class TierUpgradeTests : MembershipTestBase
{
    [Fact]
    public async Task Purchase_ExactlyAtThreshold_Upgrades()
    {
        var (crm, membership, issuer) = Create(ThreeTiers(), Local(2026, 7, 1));
        using var _ = crm;
        await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "c-1", Local(2026, 3, 1, 9), Line("1", 999.99m)));
        (await membership.GetTierAsync(new CustomerId("c-1"))).Name.Should().Be("green");

        var result = await crm.Manager.RecordPurchaseAsync(Purchase("p-2", "c-1", Local(2026, 3, 2, 9), Line("1", 0.01m)));

        var outcome = result.GetOutcome<MembershipOutcome>()!;
        outcome.TierBefore.Should().Be("green");
        outcome.TierAfter.Should().Be("gold");
        outcome.Change!.Explanation.Should().Be("1000.00 CNY net spend, 2 purchases in 2026 reach 'gold' (1000.00 CNY net spend or 10 purchases)");
        (await membership.GetTierAsync(new CustomerId("c-1"))).Should().Be(new CustomerTier("gold", 1, 1.5m));
        issuer.Issued.Should().ContainSingle().Which.Should().Be(new CouponIssueRequest(new CustomerId("c-1"), "gold-welcome", CouponIssueReason.TierBenefit, $"membership:c-1:welcome:gold:{Local(2026, 3, 2, 9).ToUnixTimeTicks()}"));
    }

    [Fact]
    public async Task Purchase_TenthVisit_UpgradesOnCountAlone()
    {
        var (crm, membership, _) = Create(ThreeTiers(), Local(2026, 7, 1));
        using var _ = crm;
        for (var i = 1; i <= 10; i++)
        {
            await crm.Manager.RecordPurchaseAsync(Purchase($"p-{i}", "c-1", Local(2026, 4, i, 8), Line("1", 18m)));
        }

        (await membership.GetHistoryAsync(new CustomerId("c-1"))).Should().ContainSingle()
            .Which.Explanation.Should().Contain("180.00 CNY net spend, 10 purchases in 2026");
    }

    [Fact]
    public async Task Purchase_JumpingTwoTiers_UpgradesOnceToTheTop()
    {
        var (crm, membership, issuer) = Create(ThreeTiers(), Local(2026, 7, 1));
        using var _ = crm;

        await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "c-1", Local(2026, 3, 1, 9), Line("1", 3000m)));

        (await membership.GetTierAsync(new CustomerId("c-1"))).Name.Should().Be("black");
        (await membership.GetHistoryAsync(new CustomerId("c-1"))).Should().ContainSingle().Which.From.Should().BeNull();
        issuer.Calls.Should().Be(0, "black has no welcome gift");
    }

    [Fact]
    public async Task CalendarYearWindow_EdgeAtLocalMidnightInShanghai()
    {
        var (crm, membership, _) = Create(ThreeTiers(), Local(2027, 2, 1));
        using var _ = crm;
        // 2025-12-31 23:59 in Shanghai is 15:59 UTC: last year, so it does not count for 2026.
        await crm.Manager.RecordPurchaseAsync(Purchase("p-old", "c-1", Local(2025, 12, 31, 23, 59), Line("1", 600m)));
        await crm.Manager.RecordPurchaseAsync(Purchase("p-new", "c-1", Local(2026, 1, 1, 0, 0), Line("1", 500m)));

        (await membership.GetTierAsync(new CustomerId("c-1"))).Name.Should().Be("green");
        (await membership.GetHistoryAsync(new CustomerId("c-1"))).Should().BeEmpty();
    }

    [Fact]
    public async Task RollingDaysWindow_EdgeAtLocalMidnight_InAZoneWithDaylightSaving()
    {
        var newYork = DateTimeZoneProviders.Tzdb["America/New_York"];
        var policy = ThreeTiers(new RollingDaysWindow { Days = 3 });
        var (crm, membership, _) = Create(policy, Local(2026, 4, 1, zone: newYork), newYork);
        using var _ = crm;
        // Daylight saving starts on 2026-03-08 at 02:00 in New York. A purchase on 10 March at noon looks back 3 local
        // days: from 8 March 00:00 EST (05:00 UTC). One minute earlier (7 March 23:59 EST) is outside.
        await crm.Manager.RecordPurchaseAsync(Purchase("p-out", "c-1", Local(2026, 3, 7, 23, 59, newYork), Line("1", 400m)));
        await crm.Manager.RecordPurchaseAsync(Purchase("p-in", "c-1", Local(2026, 3, 8, 0, 0, newYork), Line("1", 500m)));
        Local(2026, 3, 8, 0, 0, newYork).Should().Be(Instant.FromUtc(2026, 3, 8, 5, 0));

        var result = await crm.Manager.RecordPurchaseAsync(Purchase("p-now", "c-1", Local(2026, 3, 10, 12, 0, newYork), Line("1", 499.99m)));

        result.GetOutcome<MembershipOutcome>()!.Totals.NetSpend.Should().Be(999.99m);
        (await membership.GetTierAsync(new CustomerId("c-1"))).Name.Should().Be("green");

        await crm.Manager.RecordPurchaseAsync(Purchase("p-more", "c-1", Local(2026, 3, 10, 13, 0, newYork), Line("1", 0.01m)));
        (await membership.GetTierAsync(new CustomerId("c-1"))).Name.Should().Be("gold");
    }

    [Fact]
    public async Task RollingDaysWindow_EdgeAtLocalMidnightInShanghai()
    {
        var (crm, membership, _) = Create(ThreeTiers(new RollingDaysWindow { Days = 30 }), Local(2026, 7, 1));
        using var _ = crm;
        // Evaluated on 30 May: the 30 local days are 1 May 00:00 .. 30 May.
        await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "c-1", Local(2026, 4, 30, 23, 59), Line("1", 600m)));
        await crm.Manager.RecordPurchaseAsync(Purchase("p-2", "c-1", Local(2026, 5, 1, 0, 0), Line("1", 300m)));

        var result = await crm.Manager.RecordPurchaseAsync(Purchase("p-3", "c-1", Local(2026, 5, 30, 12), Line("1", 699.99m)));

        result.GetOutcome<MembershipOutcome>()!.Totals.Should().Be(new TierWindowTotals(999.99m, 2, 0));
        (await membership.GetTierAsync(new CustomerId("c-1"))).Name.Should().Be("green");
    }

    [Fact]
    public async Task Purchase_Replayed_ReportsTheFirstUpgradeAndNeitherUpgradesNorGrantsTwice()
    {
        var (crm, membership, issuer) = Create(ThreeTiers(), Local(2026, 7, 1));
        using var _ = crm;
        var purchase = Purchase("p-1", "c-1", Local(2026, 3, 1, 9), Line("1", 1200m));

        var first = await crm.Manager.RecordPurchaseAsync(purchase);
        var replay = await crm.Manager.RecordPurchaseAsync(purchase);

        // A new member's first purchase reaches gold: it started in green, and the change has no "from" (the record is new).
        var recorded = first.GetOutcome<MembershipOutcome>()!;
        var replayed = replay.GetOutcome<MembershipOutcome>()!;
        (recorded.TierBefore, recorded.TierAfter).Should().Be(("green", "gold"));
        recorded.Change!.From.Should().BeNull();
        (replayed.TierBefore, replayed.TierAfter).Should().Be((recorded.TierBefore, recorded.TierAfter));
        replayed.Change.Should().Be(recorded.Change);
        replayed.Totals.Should().Be(recorded.Totals);
        (await membership.GetHistoryAsync(new CustomerId("c-1"))).Should().ContainSingle();
        issuer.Issued.Should().ContainSingle();
        issuer.Calls.Should().Be(1);
    }

    [Fact]
    public async Task ParallelPurchasesCrossingThreshold_OneUpgradeAndOneWelcomeGift()
    {
        var (upgrades, welcome, tier) = await MembershipScenarios.ParallelUpgradeAsync(_ => { });

        tier.Should().Be("gold");
        upgrades.Should().ContainSingle();
        welcome.Should().ContainSingle();
    }

    [Fact]
    public async Task Refund_UnderNextReviewPolicy_KeepsTier_UnderImmediatePolicy_Drops()
    {
        foreach (var (policy, expected) in new[] { (RefundDowngradePolicy.NextReview, "gold"), (RefundDowngradePolicy.Immediate, "green") })
        {
            var (crm, membership, _) = Create(ThreeTiers(refunds: policy), Local(2026, 7, 1));
            using var _ = crm;
            await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "c-1", Local(2026, 3, 1, 9), Line("1", 600m), Line("2", 500m)));

            var refund = await crm.Manager.RecordRefundAsync(RefundLines("r-1", "p-1", Local(2026, 3, 2, 9), ("2", 1m)));

            (await membership.GetTierAsync(new CustomerId("c-1"))).Name.Should().Be(expected, $"refund policy {policy}");
            if (policy == RefundDowngradePolicy.Immediate)
            {
                refund.GetOutcome<MembershipOutcome>()!.Change!.Reason.Should().Be(TierChangeReason.RefundDowngrade);
            }
        }
    }

    [Fact]
    public async Task Progress_SaysWhatIsMissingAndByWhen()
    {
        var (crm, membership, _) = Create(ThreeTiers(), Local(2026, 11, 20));
        using var _ = crm;
        await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "c-1", Local(2026, 3, 1, 9), Line("1", 965m)));

        var progress = await membership.GetProgressAsync(new CustomerId("c-1"));

        progress!.NextTier.Should().Be("gold");
        progress.Deadline.Should().Be(new LocalDate(2026, 12, 31));
        progress.Message.Should().Be("spend 35.00 CNY more or make 9 more purchases before 2026-12-31 to reach gold");
        progress.Thresholds.Should().Equal(
            new ThresholdProgress { Metric = TierMetric.NetSpend, Current = 965m, Required = 1000m, Missing = 35m },
            new ThresholdProgress { Metric = TierMetric.PurchaseCount, Current = 1m, Required = 10m, Missing = 9m });
    }

    [Fact]
    public async Task TierProvider_GivesOtherPackagesTheTierAndMultiplier()
    {
        var (crm, _, _) = Create(ThreeTiers(), Local(2026, 7, 1));
        using var _ = crm;
        await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "c-1", Local(2026, 3, 1, 9), Line("1", 3100m)));

        var provider = crm.Get<ICustomerTierProvider>();

        (await provider.GetTierAsync(new CustomerId("c-1"), Local(2026, 7, 1))).Should().Be(new CustomerTier("black", 2, 2m));
        (await provider.GetTierAsync(new CustomerId("nobody"), Local(2026, 7, 1))).Should().Be(new CustomerTier("green", 0, 1m));
    }
}
