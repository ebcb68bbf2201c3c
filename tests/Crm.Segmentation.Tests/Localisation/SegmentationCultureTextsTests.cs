using System.Globalization;

namespace Crm.Segmentation.Tests.Localisation;

/// <summary>Segment explanations in the culture of <see cref="CrmOptions.Culture"/>, or else the current UI culture when the run starts.</summary>
public sealed class SegmentationCultureTextsTests : SegmentationTestBase
{
    private static readonly CultureInfo ZhCn = CultureInfo.GetCultureInfo("zh-CN");

    private const string Rules = """
        {
          "rfm": { "windowMonths": 12, "bins": 5 },
          "valueTiers": { "bands": [ { "name": "value-high", "topShare": 0.2 }, { "name": "value-mid", "topShare": 0.5 } ], "otherwise": "value-low" },
          "rules": [
            { "name": "coffee-regulars", "when": { "kind": "and", "rules": [
              { "kind": "categoryShare", "category": "coffee", "atLeast": 0.7 },
              { "kind": "metric", "metric": "frequency", "atLeast": 3 },
              { "kind": "not", "rule": { "kind": "tag", "tag": "staff" } } ] } },
            { "name": "worth-a-call", "when": { "kind": "or", "rules": [
              { "kind": "segment", "segment": "value-high" },
              { "kind": "metric", "metric": "recencyDays", "atLeast": 100, "atMost": 200 } ] } },
          ],
        }
        """;

    [Fact]
    public async Task Run_InChinese_ExplainsScoresTiersPreferencesAndLifecycle()
    {
        // The scenario of RfmScoringTests: c1 is R5 F5 M5, 100 CNY in 4 purchases, 1 day before 2026-06-01; top of 5 on value;
        // 75% coffee; c4's last purchase 180 days ago is at risk (more than 90 days, at most 180). Segment names stay the host's.
        var (crm, manager, _) = Create(culture: ZhCn);
        using var _crm = crm;
        await FiveCustomersAsync(crm);

        await manager.RunAsync(AsOf);

        var c1 = await SegmentsOf(manager, "c1");
        c1.Assignments[0].Explanation.Should().Be("R5 F5 M5（单元格55）属于champions：截至2026年6月1日，最近一次消费在1天前；2025年7月至2026年6月消费4次，净消费¥100.00");
        c1.Assignments[1].Explanation.Should().Be("窗口期内净消费¥100.00：5位顾客中有0位更高，位于前20%");
        c1.Assignments[2].Explanation.Should().Be("窗口期内消费4次：5位顾客中有0位更多，位于前20%");
        c1.Assignments[3].Explanation.Should().StartWith("coffee占净消费¥100.00的75.0%（至少");
        (await SegmentsOf(manager, "c4")).Assignments[4].Explanation.Should().Be("最近一次消费在180天前（超过90天，不超过180天）");
    }

    [Fact]
    public async Task Run_InChinese_DescribesRules()
    {
        var (crm, manager, _) = Create(SegmentationPolicy.FromJson(Rules), culture: ZhCn);
        using var _crm = crm;
        await FiveCustomersAsync(crm);

        await manager.RunAsync(AsOf);

        (await SegmentsOf(manager, "c1")).Assignments.Single(a => a.Segment == "coffee-regulars").Explanation
            .Should().Be("规则coffee-regulars：（coffee消费占比0.75（≥0.7），且窗口期内消费次数为4（≥3），且不满足：标签staff）");
        (await SegmentsOf(manager, "c1")).Assignments.Single(a => a.Segment == "worth-a-call").Explanation
            .Should().Be("规则worth-a-call：（属于分群value-high）");
        (await SegmentsOf(manager, "c4")).Assignments.Single(a => a.Segment == "worth-a-call").Explanation
            .Should().Be("规则worth-a-call：（距最近一次消费天数为180（100～200））");
    }

    [Theory]
    [InlineData("zh-CN", "4次消费中有3次（75.0%）在当地时间05:00至11:00之间（至少60%）", "4次消费中有4次（100.0%）来自App端（至少60%）")]
    [InlineData("", "3 of 4 purchases (75.0%) between 05:00 and 11:00 local time (at least 60%)", "4 of 4 purchases (100.0%) on App (at least 60%)")]
    public async Task Run_DaypartAndChannel_ExplainInTheCulture(string culture, string daypart, string channel)
    {
        // The scenario of RfmScoringTests: 3 of 4 purchases at 08:00 local, all 4 on the app.
        var policy = new SegmentationPolicy
        {
            Preferences = new PreferenceSettings { CategoryMinimumShare = null, Dayparts = PreferenceSettings.CommonDayparts, ChannelMinimumShare = 0.6m },
        };
        var (crm, manager, _) = Create(policy, culture: CultureInfo.GetCultureInfo(culture));
        using var _crm = crm;
        foreach (var (d, h) in new[] { (1, 8), (2, 8), (3, 8), (4, 15) })
        {
            await crm.Manager.RecordPurchaseAsync(Crm.TestUtils.Facts.Purchase($"m{d}", "early", Local(2026, 5, d, h), Crm.TestUtils.Facts.Line("1", 10m)));
        }

        await manager.RunAsync(AsOf);

        var early = await SegmentsOf(manager, "early");
        early.Assignments.Select(a => a.Explanation).Should().Equal(daypart, channel);
    }

    [Fact]
    public async Task Run_WithoutACulture_UsesTheCurrentUICultureAtTheStartOfTheRun()
    {
        var (crm, manager, _) = Create();
        using var _crm = crm;
        await FiveCustomersAsync(crm);
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = ZhCn;
            await manager.RunAsync(AsOf);

            // Explanations are written when read; they keep the culture the run started in.
            CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
            (await SegmentsOf(manager, "c4")).Assignments[4].Explanation.Should().Be("最近一次消费在180天前（超过90天，不超过180天）");
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }
}
