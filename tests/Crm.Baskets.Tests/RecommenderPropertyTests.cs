using Crm.Baskets.Internal;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;

namespace Crm.Baskets.Tests;

/// <summary>Complements found by looking up a basket's subsets equal those found by reading every rule, on a Groceries model.</summary>
public sealed class RecommenderPropertyTests
{
    private static readonly Lazy<Recommender> Groceries = new(() =>
    {
        var mined = BasketMiner.Mine(Tests.Groceries.Baskets, new MiningParameters { MinSupport = 0.002, MinConfidence = 0.05, MinLift = 0, MaxItemsetSize = 4 });
        return new Recommender(new BasketModel
        {
            Scope = "all",
            Version = 1,
            MinedAt = Instant.FromUtc(2026, 6, 1, 0, 0),
            From = Instant.FromUtc(2026, 5, 1, 0, 0),
            To = Instant.FromUtc(2026, 5, 31, 0, 0),
            Level = BasketItemLevel.Category,
            Parameters = new MiningParameters(),
            BasketCount = mined.BasketCount,
            Items = mined.Items,
            Rules = mined.Rules,
        });
    });

    [Property(MaxTest = 200)]
    public Property SubsetLookups_EqualReadingEveryRule_Holds(byte[] picks)
    {
        var recommender = Groceries.Value;
        var items = recommender.Model.Items;
        var basket = (picks ?? []).Take(40).Select(p => items[p % Math.Min(items.Count, 60)].Item).ToHashSet(StringComparer.Ordinal);

        var looked = recommender.Complements(basket).Select(r => r.ToString());
        var read = recommender.Complements(basket, readEveryRule: true).Select(r => r.ToString());

        return looked.SequenceEqual(read).Label($"basket of {basket.Count}");
    }
}
