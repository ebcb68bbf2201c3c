using Crm.Membership;
using Crm.Points;
using Crm.TestUtils;
using static Crm.TestUtils.Facts;

namespace Crm.Core.Tests.Issues;

/// <summary>Issue 19: points run before membership, so the purchase whose points cross a points threshold upgrades at once.</summary>
public sealed partial class IssuesTests
{
    /// <summary>
    /// Silver at 100 points earned in the calendar year (2 × points at silver). 60.00 earns 60 (green); 40.00 earns 40 at
    /// green, the tier it started in, and its 100 points upgrade at once; a replay of it reports the same tier before and
    /// after, the same change and totals, and writes nothing; the next purchase (10.00) earns at silver: 20.
    /// </summary>
    [Fact]
    public async Task RecordPurchase_PointsCrossAPointsThreshold_UpgradesOnFirstRecording_AndTheReplayReportsTheSame_19()
    {
        var policy = new TierPolicy
        {
            Window = new CalendarYearWindow(),
            Tiers =
            [
                new TierDefinition { Name = "green" },
                new TierDefinition { Name = "silver", Thresholds = [new TierThreshold { Metric = TierMetric.PointsEarned, Minimum = 100m }], Benefits = new TierBenefits { PointsMultiplier = 2m } },
            ],
        };
        InstrumentedUnits units = null!;
        using var crm = TestCrm.Create(Local(2026, 6, 1), b =>
        {
            b.AddPoints(o => o.Rules = new EarnRules { PointsPerUnit = 1m, Multipliers = [new TierBenefitMultiplier()] }).AddMembership(o => o.Policy = policy);
            units = InstrumentedUnits.Install(b);
        });
        var membership = crm.Get<MembershipManager>();
        var crossing = Purchase("p-2", "c-1", Local(2026, 5, 2, 9), Line("1", 40m));

        var first = await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "c-1", Local(2026, 5, 1, 9), Line("1", 60m)));
        var recorded = await crm.Manager.RecordPurchaseAsync(crossing);

        first.GetOutcome<MembershipOutcome>()!.TierAfter.Should().Be("green");
        recorded.GetOutcome<PointsAward>()!.Points.Should().Be(new PointAmount(40));
        var upgrade = recorded.GetOutcome<MembershipOutcome>()!;
        (upgrade.TierBefore, upgrade.TierAfter).Should().Be(("green", "silver"));
        upgrade.Totals.Should().Be(new TierWindowTotals(100m, 2, 100));
        upgrade.Change.Should().Be(new TierChange { CustomerId = new CustomerId("c-1"), From = "green", To = "silver", Reason = TierChangeReason.Upgrade, OccurredAt = crossing.OccurredAt, Explanation = upgrade.Change!.Explanation, Key = "upgrade:p-2" });
        upgrade.Change.Explanation.Should().Contain("100 points");
        (await membership.GetHistoryAsync(new CustomerId("c-1"))).Should().Equal(upgrade.Change);
        (await membership.GetStateAsync(new CustomerId("c-1")))!.Tier.Should().Be("silver");

        units.Reset();
        var replay = await crm.Manager.RecordPurchaseAsync(crossing);

        replay.IsReplay.Should().BeTrue();
        var replayed = replay.GetOutcome<MembershipOutcome>()!;
        (replayed.TierBefore, replayed.TierAfter).Should().Be(("green", "silver"));
        replayed.Change.Should().Be(upgrade.Change);
        replayed.Totals.Should().Be(upgrade.Totals);
        replay.GetOutcome<PointsAward>()!.Points.Should().Be(new PointAmount(40));
        (units.Writes, units.CommitAttempts).Should().Be((0, 0));
        (await membership.GetHistoryAsync(new CustomerId("c-1"))).Should().ContainSingle();

        var next = await crm.Manager.RecordPurchaseAsync(Purchase("p-3", "c-1", Local(2026, 5, 3, 9), Line("1", 10m)));
        next.GetOutcome<PointsAward>()!.Points.Should().Be(new PointAmount(20));
    }
}
