using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Crm.Baskets.Tests;

/// <summary>The miner (Eclat with counted pairs) against a brute-force enumeration of every itemset and every rule on small random data.</summary>
public sealed class MinerPropertyTests
{
    private static readonly string[] Alphabet = ["milk", "bread", "eggs", "tea", "苹果", "cake", "Beer", "beer"];

    [Property(MaxTest = 300)]
    public Property ItemsetsAndRules_EqualBruteForce_Holds(byte[][] rawBaskets, byte itemCount, byte support, byte confidence, byte lift, byte size)
    {
        var items = Alphabet[..(2 + (itemCount % 7))];
        var baskets = (rawBaskets ?? []).Take(40).Select(b => (b ?? []).Select(x => items[x % items.Length]).Distinct().ToArray()).ToList();
        var parameters = new MiningParameters
        {
            MinSupport = (1 + (support % 50)) / 100.0,
            MinConfidence = (confidence % 11) / 10.0,
            MinLift = (lift % 5) / 2.0,
            MaxItemsetSize = 2 + (size % 4),
        };

        var mined = BasketMiner.Mine(baskets, parameters);
        var (itemsets, rules) = BruteForce(baskets, items, parameters);

        var minedItemsets = mined.Itemsets.Select(s => $"{string.Join("+", s.Items)}:{s.BasketCount}").Order(StringComparer.Ordinal).ToList();
        var minedRules = mined.Rules.Select(r => r.ToString()).Order(StringComparer.Ordinal).ToList();
        return (minedItemsets.SequenceEqual(itemsets) && minedRules.SequenceEqual(rules))
            .Label($"itemsets {string.Join(" ", minedItemsets)} vs {string.Join(" ", itemsets)}; rules {minedRules.Count} vs {rules.Count}");
    }

    /// <summary>Sparse data as tills give it (a few items of twelve, four of them in under 3% of baskets), so every way of intersecting is taken: marked prefix, item bitset and item list.</summary>
    [Property(MaxTest = 100)]
    public Property SparseSkewedData_EqualsBruteForce_Holds(int seed, byte support, byte size)
    {
        var random = new Random(seed);
        var items = Enumerable.Range(0, 12).Select(i => $"sku-{i:00}").ToArray();
        var baskets = Enumerable.Range(0, 50 + random.Next(350))
            .Select(_ => Enumerable.Range(0, 1 + random.Next(6)).Select(_ => random.NextDouble() < 0.03 ? items[8 + random.Next(4)] : items[(int)Math.Floor(8 * Math.Pow(random.NextDouble(), 2))]).Distinct().ToArray())
            .ToList();
        var parameters = new MiningParameters { MinSupport = (1 + (support % 20)) / 400.0, MinConfidence = 0, MinLift = 0, MaxItemsetSize = 2 + (size % 4) };

        var mined = BasketMiner.Mine(baskets, parameters);
        var (itemsets, rules) = BruteForce(baskets, items, parameters);

        return (mined.Itemsets.Select(s => $"{string.Join("+", s.Items)}:{s.BasketCount}").Order(StringComparer.Ordinal).SequenceEqual(itemsets)
            && mined.Rules.Select(r => r.ToString()).Order(StringComparer.Ordinal).SequenceEqual(rules)).ToProperty();
    }

    /// <summary>Three rare items in 640 baskets (under 1 in 32, so kept as lists, not bitsets), bought together three times.</summary>
    [Fact]
    public void RareItemsTogether_AreCountedFromTheirLists()
    {
        var baskets = Enumerable.Repeat(new[] { "a", "c", "d" }, 3)
            .Concat(Enumerable.Repeat(new[] { "c", "d" }, 2))
            .Concat(Enumerable.Repeat(new[] { "d", "milk" }, 5))
            .Concat(Enumerable.Repeat(new[] { "milk" }, 630))
            .ToList();
        var parameters = new MiningParameters { MinSupport = 2.0 / 640, MinConfidence = 0, MinLift = 0, MaxItemsetSize = 3 };

        var mined = BasketMiner.Mine(baskets, parameters);

        mined.Itemsets.Select(s => $"{string.Join("+", s.Items)}:{s.BasketCount}").Order(StringComparer.Ordinal)
            .Should().Equal(BruteForce(baskets, ["a", "c", "d", "milk"], parameters).Itemsets);
        mined.Itemsets.Should().ContainSingle(s => s.Items.Count == 3).Which.BasketCount.Should().Be(3);
    }

    [Property(MaxTest = 100)]
    public Property RuleOrder_DoesNotDependOnBasketOrItemOrder_Holds(byte[][] rawBaskets, int seed)
    {
        var baskets = (rawBaskets ?? []).Take(40).Select(b => (b ?? []).Select(x => Alphabet[x % Alphabet.Length]).Distinct().ToArray()).ToList();
        var random = new Random(seed);
        var shuffled = baskets.OrderBy(_ => random.Next()).Select(b => b.OrderBy(_ => random.Next()).ToArray()).ToList();
        var parameters = new MiningParameters { MinSupport = 0.05, MinConfidence = 0, MinLift = 0, MaxItemsetSize = 4 };

        return BasketMiner.Mine(baskets, parameters).Rules.Select(r => r.ToString())
            .SequenceEqual(BasketMiner.Mine(shuffled, parameters).Rules.Select(r => r.ToString())).ToProperty();
    }

    /// <summary>Every subset of the items up to the largest size, counted directly; rules with one consequent checked with the documented exact comparisons.</summary>
    private static (List<string> Itemsets, List<string> Rules) BruteForce(List<string[]> baskets, string[] items, MiningParameters parameters)
    {
        var minCount = Math.Max(1, (int)Math.Ceiling((decimal)parameters.MinSupport * baskets.Count));
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var frequent = new List<string[]>();
        for (var mask = 1; mask < 1 << items.Length; mask++)
        {
            var set = items.Where((_, i) => (mask & (1 << i)) != 0).Order(StringComparer.Ordinal).ToArray();
            if (set.Length > parameters.MaxItemsetSize)
            {
                continue;
            }

            var count = baskets.Count(b => set.All(b.Contains));
            if (count >= minCount)
            {
                counts[string.Join("+", set)] = count;
                frequent.Add(set);
            }
        }

        var rules = new List<string>();
        foreach (var set in frequent.Where(s => s.Length >= 2))
        {
            foreach (var consequent in set)
            {
                var antecedent = set.Where(i => i != consequent).ToArray();
                var rule = new AssociationRule
                {
                    Antecedent = antecedent,
                    Consequent = consequent,
                    BasketCount = counts[string.Join("+", set)],
                    AntecedentCount = counts[string.Join("+", antecedent)],
                    ConsequentCount = baskets.Count(b => b.Contains(consequent)),
                    Baskets = baskets.Count,
                };
                if (rule.BasketCount >= (decimal)parameters.MinConfidence * rule.AntecedentCount
                    && (decimal)rule.Baskets * rule.BasketCount >= (decimal)parameters.MinLift * rule.AntecedentCount * rule.ConsequentCount)
                {
                    rules.Add(rule.ToString());
                }
            }
        }

        return ([.. counts.Select(c => $"{c.Key}:{c.Value}").Order(StringComparer.Ordinal)], [.. rules.Order(StringComparer.Ordinal)]);
    }
}
