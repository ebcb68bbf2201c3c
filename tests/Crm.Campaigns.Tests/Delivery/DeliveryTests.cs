using System.Globalization;
using Crm.Coupons;
using NodaTime;

namespace Crm.Campaigns.Tests.Delivery;

public sealed class DeliveryTests
{
    [Fact]
    public async Task DeliverAsync_CouponArm_IssuesCouponAndAsksHostToSend()
    {
        using var world = CampaignWorld.Create();
        await world.Manager.DefineAsync(CampaignWorld.Spring());
        var customer = await FirstInArmAsync(world, "coupon");

        var result = await world.Manager.DeliverAsync("spring-latte", customer);

        result.Succeeded.Should().BeTrue();
        result.Assignment!.Status.Should().Be(CampaignDeliveryStatus.Delivered);
        result.Assignment.CouponId.Should().NotBeNull();
        result.Assignment.UsesBudget.Should().BeTrue();
        (await world.Crm.Get<ICouponStore>().GetUsageAsync(CampaignWorld.Template)).Issued.Should().Be(1);
        var sent = world.Events.All.Should().ContainSingle().Which.Should().BeOfType<CampaignDeliveredEvent>().Which;
        sent.CouponId.Should().Be(result.Assignment.CouponId);
        sent.Channel.Should().Be(ContactChannels.Push);
        sent.EventId.Should().Be($"campaign-delivered:spring-latte:{customer.Value}");
    }

    [Fact]
    public async Task DeliverAsync_Replay_ReturnsFirstDecisionAndWritesNothing()
    {
        using var world = CampaignWorld.Create();
        await world.Manager.DefineAsync(CampaignWorld.Spring());
        var customer = await FirstInArmAsync(world, "coupon");
        var first = await world.Manager.DeliverAsync("spring-latte", customer);
        world.Crm.Clock.Advance(Duration.FromHours(2));

        var again = await world.Manager.DeliverAsync("spring-latte", customer);

        again.IsReplay.Should().BeTrue();
        again.Assignment.Should().Be(first.Assignment);
        (await world.Crm.Get<ICouponStore>().GetUsageAsync(CampaignWorld.Template)).Issued.Should().Be(1);
        world.Events.All.Should().ContainSingle();
    }

    [Fact]
    public async Task DeliverAsync_Holdout_RecordedAsGettingNothing()
    {
        using var world = CampaignWorld.Create();
        await world.Manager.DefineAsync(CampaignWorld.Spring());
        var customer = await FirstInArmAsync(world, "holdout");

        var result = await world.Manager.DeliverAsync("spring-latte", customer);

        result.Assignment!.Status.Should().Be(CampaignDeliveryStatus.HeldOut);
        result.Assignment.CouponId.Should().BeNull();
        world.Events.All.Should().BeEmpty();
        (await world.Crm.Get<ICouponStore>().GetUsageAsync(CampaignWorld.Template)).Issued.Should().Be(0);
    }

    [Fact]
    public async Task DeliverAsync_NoConsentForChannel_ExcludedFromEveryArmAndCounted()
    {
        using var world = CampaignWorld.Create();
        await world.Manager.DefineAsync(CampaignWorld.Spring());
        var consenting = new List<CustomerId>();
        var refusing = new List<CustomerId>();
        for (var i = 0; i < 200; i++)
        {
            // Every tenth customer consented to SMS only, not to the campaign's push channel.
            var refuses = i % 10 == 0;
            var customer = await world.CustomerAsync("k" + i.ToString(CultureInfo.InvariantCulture), refuses ? ContactChannels.Sms : ContactChannels.Push | ContactChannels.Sms);
            (refuses ? refusing : consenting).Add(customer);
            await world.Manager.DeliverAsync("spring-latte", customer);
        }

        var report = await world.Manager.MeasureAsync("spring-latte");

        report.ExcludedNoConsent.Should().Be(20);
        report.Arms.Sum(a => a.Customers).Should().Be(180);
        foreach (var customer in refusing)
        {
            (await world.Store.FindAssignmentAsync("spring-latte", customer))!.Status.Should().Be(CampaignDeliveryStatus.NoConsent);
        }

        // The refusing customers of the holdout are excluded as well: the comparison stays fair.
        var campaign = CampaignWorld.Spring();
        refusing.Should().Contain(c => campaign.ArmFor(c).Kind == CampaignArmKind.Holdout);
        report.Arms.Single(a => a.Arm == "holdout").Customers.Should().Be(consenting.Count(c => campaign.ArmFor(c).Kind == CampaignArmKind.Holdout));
        world.Events.All.OfType<CampaignDeliveredEvent>().Select(e => e.CustomerId).Should().NotIntersectWith(refusing);
        (await world.Crm.Get<ICouponStore>().GetUsageAsync(CampaignWorld.Template)).Issued.Should().Be(report.Arms.Single(a => a.Arm == "coupon").Customers);
    }

    [Fact]
    public async Task DeliverAsync_OutsideSchedule_RefusedAndNothingWritten()
    {
        using var world = CampaignWorld.Create(CampaignWorld.Local(2027, 3, 8, 0, 30));
        await world.Manager.DefineAsync(CampaignWorld.Spring());
        var customer = await world.CustomerAsync("late");

        var result = await world.Manager.DeliverAsync("spring-latte", customer);

        result.ErrorCode.Should().Be(CampaignsErrorCodes.NotRunning);
        (await world.Store.FindAssignmentAsync("spring-latte", customer)).Should().BeNull();
    }

    [Fact]
    public async Task DeliverAsync_100ParallelAgainstBudgetOf60_IssuesExactly60Coupons()
    {
        await CampaignsScenarios.ParallelBudgetHoldsAsync(_ => { });
    }

    private static async Task<CustomerId> FirstInArmAsync(CampaignWorld world, string arm)
    {
        var campaign = CampaignWorld.Spring();
        for (var i = 0; ; i++)
        {
            var id = new CustomerId("x" + i.ToString(CultureInfo.InvariantCulture));
            if (campaign.ArmFor(id).Name == arm)
            {
                return await world.CustomerAsync(id.Value);
            }
        }
    }
}
