namespace Crm.Baskets.Internal;

/// <summary>
/// The rules of a model indexed by their whole antecedent, so complements of a basket are found by looking up the basket's
/// subsets (a handful for a till basket) instead of reading every rule.
/// </summary>
internal sealed class Recommender
{
    /// <summary>Past this many subsets to look up (a large basket against long antecedents), reading every rule is cheaper.</summary>
    internal const int MaxLookups = 4096;

    private readonly Dictionary<string, List<AssociationRule>> _byAntecedent = new(StringComparer.Ordinal);
    private readonly HashSet<string> _antecedentItems = new(StringComparer.Ordinal);
    private readonly int _longestAntecedent;

    public Recommender(BasketModel model)
    {
        Model = model;
        foreach (var rule in model.Rules)
        {
            var key = Key(rule.Antecedent);
            if (!_byAntecedent.TryGetValue(key, out var rules))
            {
                _byAntecedent[key] = rules = [];
            }

            rules.Add(rule);
            _antecedentItems.UnionWith(rule.Antecedent);
            _longestAntecedent = Math.Max(_longestAntecedent, rule.Antecedent.Count);
        }
    }

    public BasketModel Model { get; }

    /// <summary>The best rule for each item not in the basket whose antecedent is all in the basket, by descending confidence, lift, then item.</summary>
    /// <param name="basket">The items in the basket.</param>
    /// <param name="readEveryRule">Reads every rule instead of looking up subsets (what a large basket does), for the tests that compare the two.</param>
    public List<AssociationRule> Complements(IReadOnlySet<string> basket, bool readEveryRule = false)
    {
        var best = new Dictionary<string, AssociationRule>(StringComparer.Ordinal);
        var relevant = basket.Where(_antecedentItems.Contains).Order(StringComparer.Ordinal).ToArray();
        if (!readEveryRule && Lookups(relevant.Length) <= MaxLookups)
        {
            var subset = new string[Math.Min(_longestAntecedent, relevant.Length)];
            Subsets(relevant, 0, subset, 0, basket, best);
        }
        else
        {
            foreach (var rule in Model.Rules)
            {
                if (rule.Antecedent.All(basket.Contains))
                {
                    Consider(rule, basket, best);
                }
            }
        }

        var found = best.Values.ToList();
        found.Sort((x, y) => Better(x, y) ? -1 : Better(y, x) ? 1 : string.CompareOrdinal(x.Consequent, y.Consequent));
        return found;
    }

    /// <summary>Looks up every subset of <paramref name="items"/> up to the longest antecedent, extending <paramref name="subset"/> from <paramref name="from"/>.</summary>
    private void Subsets(string[] items, int from, string[] subset, int size, IReadOnlySet<string> basket, Dictionary<string, AssociationRule> best)
    {
        for (var i = from; i < items.Length; i++)
        {
            subset[size] = items[i];
            if (_byAntecedent.TryGetValue(Key(subset.AsSpan(0, size + 1)), out var rules))
            {
                foreach (var rule in rules)
                {
                    Consider(rule, basket, best);
                }
            }

            if (size + 1 < subset.Length)
            {
                Subsets(items, i + 1, subset, size + 1, basket, best);
            }
        }
    }

    private static void Consider(AssociationRule rule, IReadOnlySet<string> basket, Dictionary<string, AssociationRule> best)
    {
        if (!basket.Contains(rule.Consequent) && (!best.TryGetValue(rule.Consequent, out var known) || Better(rule, known)))
        {
            best[rule.Consequent] = rule;
        }
    }

    /// <summary>The number of non-empty subsets of <paramref name="n"/> items up to the longest antecedent, or more than the cap.</summary>
    private long Lookups(int n)
    {
        long total = 0;
        long choose = 1;
        for (var k = 1; k <= Math.Min(_longestAntecedent, n) && total <= MaxLookups; k++)
        {
            choose = choose * (n - k + 1) / k;
            total += choose;
        }

        return total;
    }

    private static string Key(IReadOnlyList<string> items) => string.Join('\u0001', items);

    private static string Key(ReadOnlySpan<string> items) => string.Join('\u0001', items);

    /// <summary>Higher confidence, then lift, then basket count, then the antecedent in ordinal order: a total order, so the rule chosen never depends on the order rules are met.</summary>
    private static bool Better(AssociationRule x, AssociationRule y)
    {
        var order = ((long)x.BasketCount * y.AntecedentCount).CompareTo((long)y.BasketCount * x.AntecedentCount);
        order = order != 0 ? order : x.Lift.CompareTo(y.Lift);
        order = order != 0 ? order : x.BasketCount.CompareTo(y.BasketCount);
        return order != 0 ? order > 0 : string.CompareOrdinal(Key(x.Antecedent), Key(y.Antecedent)) < 0;
    }
}
