using System.Globalization;
using NodaTime;
using static Crm.TestUtils.Facts;

namespace Crm.Campaigns.Tests.Localisation;

/// <summary>Campaign verdicts and delivery reasons in the culture of <see cref="CrmOptions.Culture"/>, or else the current UI culture.</summary>
public sealed class CampaignsCultureTextsTests
{
    private static readonly CultureInfo ZhCn = CultureInfo.GetCultureInfo("zh-CN");

    [Fact]
    public async Task MeasureAsync_InChinese_GivesTheVerdictWithItsFigures()
    {
        // The scenario of MeasurementTests: 1,000 customers an arm; treated margins 13.00 and 3.00 (mean 8.00, variance 25.025),
        // held-out 0 and 5.00 (mean 2.50, variance 6.256): +5.50 a customer, SE √(0.025025 + 0.006256) = 0.1769, 95% CI 5.15 to 5.85.
        using var world = CampaignWorld.Create(CampaignWorld.Local(2027, 6, 1, 0, 0), options: o => o.Culture = ZhCn);
        var campaign = await ImportedMarginCampaignAsync(world);

        var report = await world.Manager.MeasureAsync(campaign.Id);

        report.Comparisons.Single().Verdict.Should().Be("“coupon”组收回了成本：人均毛利+5.50（95%置信区间5.15至5.85）。");
        report.Verdict.Should().Be(report.Comparisons.Single().Verdict);
    }

    [Fact]
    public async Task MeasureAsync_InChinese_SaysTheWindowIsStillOpen()
    {
        using var world = CampaignWorld.Create(options: o => o.Culture = ZhCn);
        await world.Manager.DefineAsync(CampaignWorld.Spring());

        var report = await world.Manager.MeasureAsync("spring-latte");

        // The window closes 14 days after 2027-03-07 in Shanghai: 2027-03-22 00:00 local, 03-21 16:00 UTC. No one measured yet:
        // each arm makes no difference, detecting NaN.
        report.Verdict.Should().StartWith("归因窗口期到2027年3月21日16:00（UTC）才结束：以上数据仍可能变化。“coupon”组与对照组相比未见可辨别的差异：");
    }

    [Fact]
    public async Task DeliverAsync_WithoutACulture_ExplainsInTheCurrentUICulture()
    {
        using var world = CampaignWorld.Create(CampaignWorld.Local(2027, 3, 8, 0, 30), options: o => o.Culture = null);
        await world.Manager.DefineAsync(CampaignWorld.Spring());
        var customer = await world.CustomerAsync("late");
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = ZhCn;
            (await world.Manager.DeliverAsync("spring-latte", customer)).Reason
                .Should().Be("活动时间为2027年3月1日至2027年3月7日（按会员计划所在时区），今天是2027年3月8日。");
            CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
            (await world.Manager.DeliverAsync("spring-latte", customer)).Reason
                .Should().Be("The campaign runs from 2027-03-01 to 2027-03-07 in the programme's time zone; it is 2027-03-08.");
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    private static async Task<Campaign> ImportedMarginCampaignAsync(CampaignWorld world)
    {
        var (campaign, assignments, outcomes) = CampaignWorld.ImportedMargin();
        await world.Manager.DefineAsync(campaign);
        await world.Manager.ImportAssignmentsAsync(campaign.Id, assignments);
        await world.Manager.ImportOutcomesAsync(campaign.Id, outcomes);
        return campaign;
    }
}
