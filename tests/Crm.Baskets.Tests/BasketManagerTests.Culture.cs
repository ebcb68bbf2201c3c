using System.Globalization;

namespace Crm.Baskets.Tests;

/// <summary>Recommendation explanations in the culture of <see cref="CrmOptions.Culture"/>, or else the current UI culture.</summary>
public sealed partial class BasketManagerTests
{
    private static readonly CultureInfo ZhCn = CultureInfo.GetCultureInfo("zh-CN");

    [Fact]
    public async Task Recommend_InChinese_ExplainsEverySource()
    {
        // The scenarios above in zh-CN: latte → cheesecake (confidence 0.6, lift 1.2), tea in 1 of 6 baskets, c9's oat milk every
        // 3 days (3 times, 4 days since), latte in 3 of value-high's 4 baskets. Item and segment names are the host's.
        using var crm = await WorldAsync(culture: ZhCn);
        var baskets = crm.Get<BasketManager>();
        await baskets.MineAsync(new BasketMiningRequest { From = From, To = To });

        var basket = await baskets.RecommendAsync(new RecommendationRequest { Basket = ["latte-m"] });
        var regular = await baskets.RecommendAsync(new RecommendationRequest { CustomerId = new CustomerId("c9"), Count = 2 });
        var member = await baskets.RecommendAsync(new RecommendationRequest { CustomerId = new CustomerId("c2") });

        basket.Recommendations.Select(r => r.Explanation).Should().Equal("含latte的购物篮中有60.0%也含cheesecake；提升度1.20", "所有购物篮中有16.7%含此商品");
        regular.Recommendations[0].Explanation.Should().Be("大约每3天买一次（共3次），上次购买在4天前");
        member.Recommendations[0].Explanation.Should().Be("value-high分群顾客的购物篮中有75.0%含此商品");
    }

    [Fact]
    public async Task Recommend_WithoutACulture_FollowsTheCurrentUICulture()
    {
        using var crm = await WorldAsync();
        var baskets = crm.Get<BasketManager>();
        var model = await baskets.MineAsync(new BasketMiningRequest { From = From, To = To });
        var rule = model.Rules.Single(r => r.Consequent == "cheesecake");
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = ZhCn;
            (await baskets.RecommendAsync(new RecommendationRequest { Basket = ["latte-m"] })).Recommendations[0].Explanation
                .Should().Be("含latte的购物篮中有60.0%也含cheesecake；提升度1.20");
            rule.Explain().Should().Be("含latte的购物篮中有60.0%也含cheesecake；提升度1.20");
            rule.Explain(CultureInfo.InvariantCulture).Should().Be("60.0% of baskets with latte also have cheesecake; lift 1.20");
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    [Fact]
    public void Explain_InChinese_JoinsTheAntecedentTheChineseWay()
    {
        var result = BasketMiner.Mine(Groceries.Baskets, new MiningParameters { MinSupport = 0.01, MinConfidence = 0.5, MinLift = 0, MaxItemsetSize = 3 });

        var rule = result.Rules.Single(r => r.Antecedent.SequenceEqual(["citrus fruit", "root vegetables"]) && r.Consequent == "other vegetables");

        rule.Explain(ZhCn).Should().Be("含citrus fruit和root vegetables的购物篮中有58.6%也含other vegetables；提升度3.03");
    }
}
