using System.Globalization;
using NodaTime;
using static Crm.TestUtils.Facts;

namespace Crm.Campaigns.Tests.Reports;

/// <summary>An arm smaller than CrmOptions.MinimumGroupSize is withheld, and so is every comparison it takes part in.</summary>
public sealed class SuppressionTests
{
    private static readonly Campaign Imported = new()
    {
        Id = "small-arms",
        Salt = "s",
        Start = new LocalDate(2027, 3, 1),
        End = new LocalDate(2027, 3, 1),
        Outcomes = CampaignOutcomeSource.Imported,
        PrimaryMetric = CampaignMetric.Conversion,
        Arms =
        [
            new CampaignArm { Name = "coupon", Kind = CampaignArmKind.Coupon, Weight = 1m, CouponTemplateId = CampaignWorld.Template },
            new CampaignArm { Name = "holdout", Kind = CampaignArmKind.Holdout, Weight = 1m },
        ],
    };

    [Fact]
    public async Task MeasureAsync_ArmOfFiveAtMinimumTen_IsSuppressedWithItsComparison()
    {
        using var world = CampaignWorld.Create(CampaignWorld.Local(2027, 6, 1, 0, 0));
        var report = await MeasureAsync(world, treated: 5, heldOut: 20);

        var coupon = report.Arms[0];
        coupon.Should().BeEquivalentTo(new { Arm = "coupon", Customers = 5, IsSuppressed = true, Converters = (int?)null, ConversionRate = (double?)null, Revenue = (Money?)null, RevenuePerCustomer = (decimal?)null, DiscountCost = (Money?)null, NetRevenue = (Money?)null });

        // The holdout's 20 are shown: 10 of them bought 10.00 each.
        var holdout = report.Arms[1];
        holdout.IsSuppressed.Should().BeFalse();
        holdout.Converters.Should().Be(10);
        holdout.ConversionRate.Should().Be(0.5);
        holdout.Revenue.Should().Be(Cny(100m));
        holdout.RevenuePerCustomer.Should().Be(5m);

        var comparison = report.Comparisons.Single();
        comparison.IsSuppressed.Should().BeTrue();
        comparison.ConversionUplift.Should().BeNull();
        comparison.RelativeConversionUplift.Should().BeNull();
        comparison.RevenuePerCustomerUplift.Should().BeNull();
        comparison.RelativeRevenueUplift.Should().BeNull();
        comparison.IncrementalRevenue.Should().BeNull();
        comparison.IncrementalMargin.Should().BeNull();
        comparison.ConversionMde.Should().BeNull();
        comparison.RevenuePerCustomerMde.Should().BeNull();
        comparison.Verdict.Should().Be("'coupon': figures withheld, because it or the holdout has fewer than 10 customers.");
        report.Verdict.Should().Be(comparison.Verdict);
    }

    [Fact]
    public async Task MeasureAsync_HoldoutOfFive_SuppressesTheHoldoutAndTheComparisonButShowsTheArm()
    {
        using var world = CampaignWorld.Create(CampaignWorld.Local(2027, 6, 1, 0, 0));
        var report = await MeasureAsync(world, treated: 20, heldOut: 5);

        // The coupon's 20 all bought 30.00 with 2.00 of discount.
        var coupon = report.Arms[0];
        coupon.IsSuppressed.Should().BeFalse();
        coupon.Converters.Should().Be(20);
        coupon.ConversionRate.Should().Be(1.0);
        coupon.Revenue.Should().Be(Cny(600m));
        coupon.DiscountCost.Should().Be(Cny(40m));
        coupon.NetRevenue.Should().Be(Cny(560m));
        report.Arms[1].Should().BeEquivalentTo(new { Customers = 5, IsSuppressed = true, Converters = (int?)null, Revenue = (Money?)null });
        report.Comparisons.Single().Should().BeEquivalentTo(new { IsSuppressed = true, ConversionUplift = (Estimate?)null, IncrementalRevenue = (Estimate?)null });
    }

    [Fact]
    public async Task MeasureAsync_ArmOfFiveAtMinimumFive_IsShown()
    {
        using var world = CampaignWorld.Create(CampaignWorld.Local(2027, 6, 1, 0, 0), options: o => o.MinimumGroupSize = 5);
        var report = await MeasureAsync(world, treated: 5, heldOut: 20);

        // 5 of 5 converted against 10 of 20: an uplift of 0.5.
        report.Arms[0].Should().BeEquivalentTo(new { Customers = 5, IsSuppressed = false, Converters = (int?)5, ConversionRate = (double?)1.0, Revenue = (Money?)Cny(150m) });
        var comparison = report.Comparisons.Single();
        comparison.IsSuppressed.Should().BeFalse();
        comparison.ConversionUplift!.Value.Should().BeApproximately(0.5, 1e-12);
        comparison.Verdict.Should().NotContain("withheld");
    }

    [Fact]
    public async Task MeasureAsync_EmptyArm_IsNotSuppressed()
    {
        using var world = CampaignWorld.Create(CampaignWorld.Local(2027, 6, 1, 0, 0));
        var report = await MeasureAsync(world, treated: 0, heldOut: 20);

        // Nobody to single out: the empty arm keeps its zeros.
        report.Arms[0].Should().BeEquivalentTo(new { Customers = 0, IsSuppressed = false, Converters = (int?)0, ConversionRate = (double?)0.0 });
    }

    [Fact]
    public async Task MeasureAsync_SuppressedVerdict_IsInChinese()
    {
        using var world = CampaignWorld.Create(CampaignWorld.Local(2027, 6, 1, 0, 0), options: o => o.Culture = CultureInfo.GetCultureInfo("zh-CN"));
        var report = await MeasureAsync(world, treated: 5, heldOut: 20);

        report.Comparisons.Single().Verdict.Should().Be("“coupon”组：该组或对照组不足10位顾客，数据不予显示。");
    }

    /// <summary>
    /// Imports <paramref name="treated"/> coupon customers who each bought 30.00 with 2.00 of discount, and
    /// <paramref name="heldOut"/> held-out ones of whom every other bought 10.00, then measures.
    /// </summary>
    private static async Task<CampaignReport> MeasureAsync(CampaignWorld world, int treated, int heldOut)
    {
        await world.Manager.DefineAsync(Imported);
        var at = CampaignWorld.Local(2027, 3, 1, 9, 0);
        var assignments = Enumerable.Range(0, treated + heldOut)
            .Select(i => new ExternalAssignment(new CustomerId("s" + i.ToString(CultureInfo.InvariantCulture)), i < treated ? "coupon" : "holdout", at, i < treated ? CampaignDeliveryStatus.Delivered : CampaignDeliveryStatus.HeldOut))
            .ToArray();
        var outcomes = assignments.Select((a, i) => i < treated
            ? new CampaignOutcome(Imported.Id, a.CustomerId, 1, Cny(30m), Cny(2m))
            : new CampaignOutcome(Imported.Id, a.CustomerId, (i - treated) % 2, Cny((i - treated) % 2 == 0 ? 0m : 10m), Cny(0m))).ToArray();
        await world.Manager.ImportAssignmentsAsync(Imported.Id, assignments);
        await world.Manager.ImportOutcomesAsync(Imported.Id, outcomes);
        return await world.Manager.MeasureAsync(Imported.Id);
    }
}
