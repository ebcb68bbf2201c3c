using System.Globalization;
using Crm.TestUtils;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using static Crm.TestUtils.Facts;

namespace Crm.Membership.Tests;

/// <summary>Tier explanations and progress in the culture the programme is configured with, or else the current UI culture.</summary>
public sealed class TierExplanationCultureTests : MembershipTestBase
{
    private static TestCrm Create(CultureInfo? culture) => TestCrm.Create(
        Local(2026, 3, 1),
        b =>
        {
            b.AddMembership(o => o.Policy = ThreeTiers());
            b.Services.AddSingleton<ICouponIssuer>(new RecordingCouponIssuer());
        },
        o => o.Culture = culture);

    [Fact]
    public async Task Upgrade_InChinese_ExplainsWithYuanAndChineseDates()
    {
        using var crm = Create(CultureInfo.GetCultureInfo("zh-CN"));

        var result = await crm.Manager.RecordPurchaseAsync(Purchase("p1", "c1", Local(2026, 3, 1), Line("1", 1200m)));

        // 1,200.00 CNY reaches gold's 1,000.00 spend threshold in the calendar year 2026.
        result.Membership()!.Change!.Explanation.Should().Be("2026年：净消费¥1,200.00，消费1次，达到“gold”（净消费¥1,000.00或消费10次）");
    }

    [Fact]
    public async Task Progress_InChinese_SaysWhatIsMissingAndByWhen()
    {
        using var crm = Create(CultureInfo.GetCultureInfo("zh-CN"));
        await crm.Manager.RecordPurchaseAsync(Purchase("p1", "c1", Local(2026, 3, 1), Line("1", 965m)));

        var progress = await crm.Get<MembershipManager>().GetProgressAsync(new CustomerId("c1"));

        // gold needs 1,000.00 or 10 purchases: 35.00 more, or 9 more purchases, before the calendar year ends.
        progress!.Message.Should().Be("在2026年12月31日前再消费¥35.00或再消费9次即可升级为gold");
    }

    [Fact]
    public async Task Progress_WithoutAConfiguredCulture_FollowsTheCurrentUICulture()
    {
        using var crm = Create(culture: null);
        await crm.Manager.RecordPurchaseAsync(Purchase("p1", "c1", Local(2026, 3, 1), Line("1", 965m)));
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-CN");
            (await crm.Get<MembershipManager>().GetProgressAsync(new CustomerId("c1")))!.Message.Should().StartWith("在2026年12月31日前");
            CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
            (await crm.Get<MembershipManager>().GetProgressAsync(new CustomerId("c1")))!.Message
                .Should().Be("spend 35.00 CNY more or make 9 more purchases before 2026-12-31 to reach gold");
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }
}
