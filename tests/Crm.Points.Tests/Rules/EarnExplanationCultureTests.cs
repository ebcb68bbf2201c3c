using System.Globalization;
using NodaTime;
using static Crm.TestUtils.Facts;

namespace Crm.Points.Tests.Rules;

/// <summary>Earn contributions and ledger reasons in the programme's culture; a replay reads a Chinese award back as it was written.</summary>
public sealed class EarnExplanationCultureTests : PointsTestBase
{
    private static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-CN");

    [Fact]
    public async Task Award_InChinese_LabelsEveryRule()
    {
        var rules = new EarnRules
        {
            PointsPerUnit = 1m,
            FirstPurchaseBonus = 50,
            MaxPointsPerPurchase = 120,
            Multipliers = [new MemberDayMultiplier { DayOfWeek = IsoDayOfWeek.Tuesday, Factor = 2m }],
        };
        var (crm, _) = Create(rules, Local(2026, 6, 3), options: o => o.Culture = Chinese);
        using var _c = crm;

        // Tuesday 2 June 2026: base floor(45.50) = 45; doubled 91 (member day +46); first purchase +50 = 141; capped at 120 (-21).
        var first = await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "c-1", Local(2026, 6, 2, 10), Line("1", 45.5m)));
        var replay = await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "c-1", Local(2026, 6, 2, 10), Line("1", 45.5m)));

        EarnContribution[] expected =
        [
            new("基础积分 每1元1分", new PointAmount(45)),
            new("会员日 周二 ×2", new PointAmount(46)),
            new("首单奖励", new PointAmount(50)),
            new("单笔封顶120分", new PointAmount(-21)),
        ];
        first.Points()!.Explanation.Should().Equal(expected);
        replay.Points()!.IsReplay.Should().BeTrue();
        replay.Points()!.Explanation.Should().Equal(expected, "a replay reads the stored award back in the words it was written in");
    }

    [Fact]
    public async Task RefundReversal_InChinese_SaysWhatWasRefundedInYuan()
    {
        var (crm, points) = Create(BaseRules, Local(2026, 6, 3), options: o => o.Culture = Chinese);
        using var _c = crm;
        await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "c-1", Local(2026, 6, 2, 10), Line("1", 80m)));

        // A quarter of 80.00 refunded: 20 of the 80 points reversed.
        await crm.Manager.RecordRefundAsync(RefundAmount("r-1", "p-1", Local(2026, 6, 2, 12), 20m));

        var entries = await Store(crm).GetEntriesAsync(new CustomerId("c-1"), null, 100);
        entries.Should().Contain(e => e.Kind == PointsEntryKind.Reversal)
            .Which.Reason.Should().Be("订单p-1退款r-1：退款¥20.00（共¥80.00），扣回20积分（共80积分）");
    }

    [Fact]
    public void Evaluate_WithoutACulture_FollowsTheCurrentUICulture()
    {
        var rules = new EarnRules { PointsPerUnit = 1m };
        var context = new EarnContext
        {
            Lines = [new ActivityLine { LineId = "1", Sku = "latte", Category = "coffee", Quantity = 1m, Amount = new Money(10m, Currency.CNY) }],
            OccurredAt = Local(2026, 6, 2, 10),
            TimeZone = Shanghai,
        };
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = Chinese;
            rules.Evaluate(context).Contributions.Should().Equal(new EarnContribution("基础积分 每1元1分", new PointAmount(10)));
            CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
            rules.Evaluate(context).Contributions.Should().Equal(new EarnContribution("base 1 per unit", new PointAmount(10)));
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }
}
