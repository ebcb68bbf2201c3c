using NodaTime;

namespace Crm.Segmentation.Tests;

public sealed class RfmScoringTests : SegmentationTestBase
{
    [Fact]
    public async Task Run_FiveDistinctCustomers_ScoresOneToFiveAndMapsCells()
    {
        var (crm, manager, _) = Create();
        using var _crm = crm;
        await FiveCustomersAsync(crm);

        var result = await manager.RunAsync(AsOf);

        // n = 5, 5 bins: score = 1 + floor(5 × customers strictly worse / 5) = 1 + rank from the bottom.
        result.Customers.Should().Be(5);
        (await SegmentsOf(manager, "c1")).Rfm.Should().Be(new RfmScore { RecencyDays = 1, Frequency = 4, Monetary = Facts.Cny(100m), R = 5, F = 5, M = 5 });
        (await SegmentsOf(manager, "c2")).Rfm.Should().Be(new RfmScore { RecencyDays = 10, Frequency = 3, Monetary = Facts.Cny(60m), R = 4, F = 4, M = 4 });
        (await SegmentsOf(manager, "c3")).Rfm.Should().Be(new RfmScore { RecencyDays = 60, Frequency = 2, Monetary = Facts.Cny(40m), R = 3, F = 3, M = 3 });
        (await SegmentsOf(manager, "c4")).Rfm.Should().Be(new RfmScore { RecencyDays = 180, Frequency = 1, Monetary = Facts.Cny(20m), R = 2, F = 2, M = 2 });
        (await SegmentsOf(manager, "c5")).Rfm.Should().Be(new RfmScore { RecencyDays = 365, Frequency = 0, Monetary = Facts.Cny(0m), R = 1, F = 1, M = 1 });

        // Cells 55, 44, 33, 22, 11.
        (await SegmentsOf(manager, "c1")).IsIn("champions").Should().BeTrue();
        (await SegmentsOf(manager, "c2")).IsIn("loyal-customers").Should().BeTrue();
        (await SegmentsOf(manager, "c3")).IsIn("need-attention").Should().BeTrue();
        (await SegmentsOf(manager, "c4")).IsIn("hibernating").Should().BeTrue();
        (await SegmentsOf(manager, "c5")).IsIn("hibernating").Should().BeTrue();
    }

    [Fact]
    public async Task Run_FiveCustomers_AssignsTiersLifecycleAndPreferenceWithExplanations()
    {
        var (crm, manager, _) = Create();
        using var _crm = crm;
        await FiveCustomersAsync(crm);

        await manager.RunAsync(AsOf);

        // Value tiers over monetary [100, 60, 40, 20, 0]: high when fewer than 0.2 × 5 = 1 customer has more (c1);
        // mid when fewer than 0.5 × 5 = 2.5 have more (c2: 1, c3: 2); low for c4 (3) and c5 (4). Frequency [4, 3, 2, 1, 0] the same.
        var expected = new Dictionary<string, string[]>
        {
            ["c1"] = ["champions", "value-high", "frequency-high", "loves-coffee", "lifecycle-active"],
            ["c2"] = ["loyal-customers", "value-mid", "frequency-mid", "loves-coffee", "lifecycle-active"],
            ["c3"] = ["need-attention", "value-mid", "frequency-mid", "loves-coffee", "lifecycle-active"],
            ["c4"] = ["hibernating", "value-low", "frequency-low", "loves-coffee", "lifecycle-at-risk"],
            ["c5"] = ["hibernating", "value-low", "frequency-low", "loves-coffee", "lifecycle-lapsed"],
        };
        foreach (var (customer, segments) in expected)
        {
            (await SegmentsOf(manager, customer)).Assignments.Select(a => a.Segment).Should().Equal(segments, customer);
        }

        var c1 = await SegmentsOf(manager, "c1");
        c1.Assignments[0].Explanation.Should().Be("R5 F5 M5 (cell 55) is champions: last purchase 1 days before 2026-06-01, 4 purchases and 100.00 CNY net in 2025-07 to 2026-06");
        c1.Assignments[1].Explanation.Should().Be("net spend in the window 100.00 CNY: 0 of 5 customers have more, within the top 20%");
        c1.Assignments[3].Explanation.Should().StartWith("coffee is 75.0% of net spend 100.00 CNY");
        (await SegmentsOf(manager, "c4")).Assignments[4].Explanation.Should().Be("last purchase 180 days ago (more than 90, at most 180)");
    }

    [Fact]
    public async Task Run_TiesAndPopulationSmallerThanBins_ShareBinsAndSkipScores()
    {
        var (crm, manager, _) = Create();
        using var _crm = crm;

        // a and b: identical (10 days, 2 purchases, 40 CNY); c: 60 days, 1 purchase, 20 CNY. n = 3 < 5 bins.
        await BuyAsync(crm, "a", 20m, "coffee", (2026, 4, 1), (2026, 5, 22));
        await BuyAsync(crm, "b", 20m, "coffee", (2026, 3, 1), (2026, 5, 22));
        await BuyAsync(crm, "c", 20m, "coffee", (2026, 4, 2));

        await manager.RunAsync(AsOf);

        // a, b: 1 customer strictly worse on each dimension → 1 + floor(5 × 1 / 3) = 2; c: none worse → 1. Score 5 is not reached.
        (await SegmentsOf(manager, "a")).Rfm.Should().Be(new RfmScore { RecencyDays = 10, Frequency = 2, Monetary = Facts.Cny(40m), R = 2, F = 2, M = 2 });
        (await SegmentsOf(manager, "b")).Rfm.Should().Be(new RfmScore { RecencyDays = 10, Frequency = 2, Monetary = Facts.Cny(40m), R = 2, F = 2, M = 2 });
        (await SegmentsOf(manager, "c")).Rfm.Should().Be(new RfmScore { RecencyDays = 60, Frequency = 1, Monetary = Facts.Cny(20m), R = 1, F = 1, M = 1 });

        // Top 20% of 3 = 0.6: a and b have 0 customers above them, so both are high (equal values share a tier);
        // c has 2 above it, not fewer than 50% of 3 = 1.5, so it is low.
        (await SegmentsOf(manager, "a")).IsIn("value-high").Should().BeTrue();
        (await SegmentsOf(manager, "b")).IsIn("value-high").Should().BeTrue();
        (await SegmentsOf(manager, "c")).IsIn("value-low").Should().BeTrue();
    }

    [Fact]
    public async Task Run_FixedThresholds_ScoresWithoutPopulation()
    {
        var policy = new SegmentationPolicy
        {
            Rfm = new RfmSettings
            {
                Scoring = RfmScoringMethod.Thresholds,
                Thresholds = new RfmThresholds { RecencyDays = [30, 60, 120, 240], Frequency = [2, 3, 5, 8], Monetary = [50m, 100m, 200m, 400m] },
            },
        };
        var (crm, manager, _) = Create(policy);
        using var _crm = crm;
        await FiveCustomersAsync(crm);

        await manager.RunAsync(AsOf);

        // c1: 1 day is within all 4 recency thresholds → R5; 4 purchases ≥ 2, 3 → F3; 100 ≥ 50, 100 → M3: cell 53.
        var c1 = await SegmentsOf(manager, "c1");
        c1.Rfm.Should().Be(new RfmScore { RecencyDays = 1, Frequency = 4, Monetary = Facts.Cny(100m), R = 5, F = 3, M = 3 });
        c1.Assignments.Single().Segment.Should().Be("potential-loyalists");

        // c3: 60 days ≤ 60, 120, 240 → R4; 2 ≥ 2 → F2; 40 → M1: cell 42. c4: 180 ≤ 240 → R2, F1, M1: cell 21.
        (await SegmentsOf(manager, "c3")).Rfm.Should().Be(new RfmScore { RecencyDays = 60, Frequency = 2, Monetary = Facts.Cny(40m), R = 4, F = 2, M = 1 });
        (await SegmentsOf(manager, "c4")).Assignments.Single().Segment.Should().Be("hibernating");
    }

    [Fact]
    public async Task Run_NewAndWonBack_LifecycleFromMonths()
    {
        var (crm, manager, _) = Create(new SegmentationPolicy { Lifecycle = new LifecycleSettings() });
        using var _crm = crm;

        // fresh: first purchase 2026-05-10, 22 days before the as-of → new.
        // back: bought 2025-09-05, nothing October to April (7 months), bought again 2026-05-20 → won back (gap 7 ≥ 6).
        // steady: bought 2025-11-01 and 2026-05-20: gap December to April is 5 months < 6 → active.
        await BuyAsync(crm, "fresh", 10m, "coffee", (2026, 5, 10));
        await BuyAsync(crm, "back", 10m, "coffee", (2025, 9, 5), (2026, 5, 20));
        await BuyAsync(crm, "steady", 10m, "coffee", (2025, 11, 1), (2026, 5, 20));

        await manager.RunAsync(AsOf);

        (await SegmentsOf(manager, "fresh")).Assignments.Single().Segment.Should().Be("lifecycle-new");
        var back = (await SegmentsOf(manager, "back")).Assignments.Single();
        back.Segment.Should().Be("lifecycle-won-back");
        back.Explanation.Should().StartWith("bought again in 2026-05 after 7 months without purchases");
        (await SegmentsOf(manager, "steady")).Assignments.Single().Segment.Should().Be("lifecycle-active");
        (await SegmentsOf(manager, "fresh")).Rfm.Should().BeNull();
    }

    [Fact]
    public async Task Run_DaypartAndChannel_ReadFromJournal()
    {
        var policy = new SegmentationPolicy
        {
            Preferences = new PreferenceSettings { CategoryMinimumShare = null, Dayparts = PreferenceSettings.CommonDayparts, ChannelMinimumShare = 0.6m },
        };
        var (crm, manager, _) = Create(policy);
        using var _crm = crm;

        // 3 of 4 purchases at 08:00 local (75% ≥ 60%), all on the app (100%).
        foreach (var (d, h) in new[] { (1, 8), (2, 8), (3, 8), (4, 15) })
        {
            await crm.Manager.RecordPurchaseAsync(Facts.Purchase($"m{d}", "early", Local(2026, 5, d, h), Facts.Line("1", 10m)));
        }

        await manager.RunAsync(AsOf);

        var early = await SegmentsOf(manager, "early");
        early.Assignments.Select(a => a.Segment).Should().Equal("daypart-morning", "channel-app");
        early.Assignments[0].Explanation.Should().Be("3 of 4 purchases (75.0%) between 05:00 and 11:00 local time (at least 60%)");
    }

    [Fact]
    public async Task Run_AsOfInFuture_Throws()
    {
        var (crm, manager, _) = Create();
        using var _crm = crm;

        var act = () => manager.RunAsync(crm.Clock.GetCurrentInstant() + Duration.FromSeconds(1));

        (await act.Should().ThrowAsync<CrmValidationException>()).Which.ErrorCode.Should().Be(SegmentationErrorCodes.AsOfInFuture);
    }
}
