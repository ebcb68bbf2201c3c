using NodaTime;
using Xunit.Abstractions;

namespace Crm.Baskets.Tests;

/// <summary>
/// Offline quality on Groceries: mine 80% of the baskets, hide one random item of each held-out basket, recommend 5 from the
/// rest, and count how often the hidden item is among them, for the recommender and a most-popular baseline in the same run.
/// </summary>
public sealed class RecommendationQualityTests(ITestOutputHelper output)
{
    [Fact]
    public async Task HitRateAt5_OnHeldOutGroceries_BeatsMostPopular()
    {
        var random = new Random(20261207);
        var shuffled = Groceries.Baskets.OrderBy(_ => random.Next()).ToList();
        var split = shuffled.Count * 8 / 10;
        var training = shuffled[..split];
        var test = shuffled[split..].Where(b => b.Length >= 2).ToList();
        var parameters = new MiningParameters { MinSupport = 0.001, MinConfidence = 0.05, MinLift = 1, MaxItemsetSize = 3 };
        var mined = BasketMiner.Mine(training, parameters);
        using var crm = TestCrm.Create(configure: b => b.AddBaskets(o => o.Policy = new BasketPolicy { Mining = parameters }));
        await crm.Get<IBasketModelStore>().SaveAsync(new BasketModel
        {
            Scope = "all",
            Version = 1,
            MinedAt = crm.Clock.GetCurrentInstant(),
            From = Instant.FromUtc(2026, 1, 1, 0, 0),
            To = Instant.FromUtc(2026, 1, 31, 0, 0),
            Level = BasketItemLevel.Sku,
            Parameters = parameters,
            BasketCount = mined.BasketCount,
            Items = mined.Items,
            Rules = mined.Rules,
        });
        var manager = crm.Get<BasketManager>();
        var popular = mined.Items.Select(i => i.Item).ToList();

        var hits = 0;
        var baselineHits = 0;
        foreach (var basket in test)
        {
            var hidden = basket[random.Next(basket.Length)];
            var rest = basket.Where(i => i != hidden).ToList();
            var recommended = await manager.RecommendAsync(new RecommendationRequest { Basket = rest, Count = 5 });
            hits += recommended.Recommendations.Any(r => r.Item == hidden) ? 1 : 0;
            baselineHits += popular.Where(i => !rest.Contains(i)).Take(5).Contains(hidden) ? 1 : 0;
        }

        var rate = (double)hits / test.Count;
        var baseline = (double)baselineHits / test.Count;
        output.WriteLine($"{test.Count} held-out baskets, {mined.Rules.Count} rules: hit rate at 5 {rate:0.0000} (recommender) vs {baseline:0.0000} (most popular)");
        rate.Should().BeGreaterThan(baseline);
    }
}
