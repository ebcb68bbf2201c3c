using Crm.Baskets;
using NodaTime;

namespace Crm.Testing.Fakes;

/// <summary>Builds basket models for the store tests.</summary>
internal static class BasketModels
{
    /// <summary>A small model with items in several scripts, a rule that always holds (infinite conviction) and segment popularity.</summary>
    public static BasketModel Model(string scope, int version, Instant minedAt, int rules = 2, string firstItem = "绿茶 green tea") => new()
    {
        Scope = scope,
        Version = version,
        MinedAt = minedAt,
        From = minedAt - Duration.FromDays(90),
        To = minedAt - Duration.FromTicks(1),
        StoreId = version % 2 == 0 ? "store-7" : null,
        Level = BasketItemLevel.Sku,
        Parameters = new MiningParameters { MinSupport = 0.001, MinConfidence = 0.25, MinLift = 1.1, MaxItemsetSize = 3 },
        BasketCount = 1000,
        Items = [new(firstItem, 400, "tea"), new("cheese cake", 120, "bakery"), new("bag", 90)],
        Rules = [.. Enumerable.Range(0, rules).Select(i => new AssociationRule
        {
            Antecedent = i % 2 == 0 ? [firstItem] : ["cheese cake", firstItem],
            Consequent = i % 2 == 0 ? "cheese cake" : $"item-{i}",
            BasketCount = 60 - (i % 50),
            AntecedentCount = i % 2 == 0 ? 400 : 60 - (i % 50),
            ConsequentCount = 120,
            Baskets = 1000,
        })],
        Segments = [new("value-high", 200, [new(firstItem, 150, "tea")])],
    };
}
