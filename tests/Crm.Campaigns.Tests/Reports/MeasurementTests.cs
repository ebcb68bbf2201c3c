using System.Globalization;
using NodaTime;
using static Crm.TestUtils.Facts;

namespace Crm.Campaigns.Tests.Reports;

public sealed class MeasurementTests
{
    [Fact]
    public async Task MeasureAsync_WindowOpen_SaysFiguresMayChange()
    {
        using var world = CampaignWorld.Create();
        await world.Manager.DefineAsync(CampaignWorld.Spring());

        var report = await world.Manager.MeasureAsync("spring-latte");

        report.WindowClosed.Should().BeFalse();
        report.WindowEnd.Should().Be(CampaignWorld.Local(2027, 3, 22, 0, 0));
        report.Verdict.Should().StartWith("The attribution window is still open until 2027-03-21T16:00Z");
    }

    [Fact]
    public async Task MeasureAsync_JournalPurchases_CountsOnlyThoseInsideTheWindow()
    {
        // The holdout's 10% of 60 is below the default minimum group size; this test is about the window, so show every arm.
        using var world = CampaignWorld.Create(options: o => o.MinimumGroupSize = 1);
        await world.Manager.DefineAsync(CampaignWorld.Spring());
        var ids = new List<CustomerId>();
        for (var i = 0; i < 60; i++)
        {
            var customer = await world.CustomerAsync("m" + i.ToString(CultureInfo.InvariantCulture));
            ids.Add(customer);
            await world.Manager.DeliverAsync("spring-latte", customer);
        }

        // Every customer buys 20.00 inside the window; every third buys again after it closes, which must not count.
        world.Crm.Clock.Reset(CampaignWorld.Local(2027, 4, 30, 12, 0));
        for (var i = 0; i < ids.Count; i++)
        {
            await world.Crm.Manager.RecordPurchaseAsync(Purchase($"in-{i}", ids[i].Value, CampaignWorld.Local(2027, 3, 10, 12, 0), Line("1", 20m)));
            if (i % 3 == 0)
            {
                await world.Crm.Manager.RecordPurchaseAsync(Purchase($"late-{i}", ids[i].Value, CampaignWorld.Local(2027, 3, 22, 0, 0), Line("1", 50m)));
            }
        }

        var report = await world.Manager.MeasureAsync("spring-latte");

        report.WindowClosed.Should().BeTrue();
        report.Arms.Sum(a => a.Customers).Should().Be(60);
        report.Arms.Should().OnlyContain(a => a.Converters == a.Customers && a.RevenuePerCustomer == 20m);
        var coupon = report.Arms.Single(a => a.Arm == "coupon");
        coupon.DiscountCost.Should().Be(Cny(5m * coupon.Customers));
        coupon.NetRevenue.Should().Be(Cny(15m * coupon.Customers));
        var comparison = report.Comparisons.Single(c => c.Arm == "coupon");
        comparison.ConversionUplift!.Value.Should().Be(0);
        comparison.IncrementalMargin!.Value.Should().BeApproximately(-5.0 * coupon.Customers, 1e-9);
    }

    [Fact]
    public async Task MeasureAsync_MarginMetric_VerdictSaysTheCouponPaidForItself()
    {
        using var world = CampaignWorld.Create(CampaignWorld.Local(2027, 6, 1, 0, 0));
        var (campaign, assignments, outcomes) = CampaignWorld.ImportedMargin();
        await world.Manager.DefineAsync(campaign);

        (await world.Manager.ImportAssignmentsAsync(campaign.Id, assignments)).Should().Be(new AssignResult { Added = 2000, AlreadyAssigned = 0 });
        (await world.Manager.ImportOutcomesAsync(campaign.Id, outcomes)).Should().Be(2000);
        (await world.Manager.ImportOutcomesAsync(campaign.Id, outcomes)).Should().Be(0);

        var report = await world.Manager.MeasureAsync(campaign.Id);

        var c = report.Comparisons.Single();
        c.RevenuePerCustomerUplift!.Value.Should().BeApproximately(15, 1e-9);
        c.IncrementalMargin!.Value.Should().BeApproximately(((0.5 * 20) - 2 - (0.5 * 5)) * 1000, 1e-6);
        c.Verdict.Should().StartWith("'coupon' paid for itself: +5.50 margin per customer, 95% CI ");
        report.Arms[0].DiscountCost.Should().Be(Cny(2000m));
        report.Arms[0].NetRevenue.Should().Be(Cny(18000m));
    }

    [Fact]
    public async Task ImportAssignmentsAsync_UnknownArm_ThrowsBeforeWritingAny()
    {
        using var world = CampaignWorld.Create();
        await world.Manager.DefineAsync(CampaignWorld.Spring());
        var at = CampaignWorld.Local(2027, 3, 1, 9, 0);

        var act = () => world.Manager.ImportAssignmentsAsync("spring-latte", [new(new CustomerId("a"), "coupon", at, CampaignDeliveryStatus.Delivered), new(new CustomerId("b"), "coupons", at, CampaignDeliveryStatus.Delivered)]);

        var e = (await act.Should().ThrowAsync<CrmValidationException>()).Which;
        e.ErrorCode.Should().Be(CampaignsErrorCodes.ImportInvalid);
        e.Field.Should().Be("assignments[1].arm");
        (await world.Store.FindAssignmentAsync("spring-latte", new CustomerId("a"))).Should().BeNull();
    }

    [Fact]
    public async Task ImportOutcomesAsync_JournalCampaign_Refused()
    {
        using var world = CampaignWorld.Create();
        await world.Manager.DefineAsync(CampaignWorld.Spring());

        var act = () => world.Manager.ImportOutcomesAsync("spring-latte", [new CampaignOutcome("spring-latte", new CustomerId("a"), 1, Cny(1m), Cny(0m))]);

        (await act.Should().ThrowAsync<CrmValidationException>()).Which.ErrorCode.Should().Be(CampaignsErrorCodes.ImportInvalid);
    }
}
