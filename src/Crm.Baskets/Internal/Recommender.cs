namespace Crm.Baskets.Internal;

/// <summary>The rules of a model indexed for recommending: each rule under the first item of its antecedent, so each is checked once per basket.</summary>
internal sealed class Recommender
{
    private readonly Dictionary<string, List<AssociationRule>> _byFirstItem = new(StringComparer.Ordinal);

    public Recommender(BasketModel model)
    {
        Model = model;
        foreach (var rule in model.Rules)
        {
            if (!_byFirstItem.TryGetValue(rule.Antecedent[0], out var rules))
            {
                _byFirstItem[rule.Antecedent[0]] = rules = [];
            }

            rules.Add(rule);
        }
    }

    public BasketModel Model { get; }

    /// <summary>The best rule for each item not in the basket whose antecedent is all in the basket, by descending confidence, lift, then item.</summary>
    public List<AssociationRule> Complements(IReadOnlySet<string> basket)
    {
        var best = new Dictionary<string, AssociationRule>(StringComparer.Ordinal);
        foreach (var item in basket)
        {
            if (!_byFirstItem.TryGetValue(item, out var rules))
            {
                continue;
            }

            foreach (var rule in rules)
            {
                if (basket.Contains(rule.Consequent) || !AllIn(rule.Antecedent, basket))
                {
                    continue;
                }

                if (!best.TryGetValue(rule.Consequent, out var known) || Better(rule, known))
                {
                    best[rule.Consequent] = rule;
                }
            }
        }

        var found = best.Values.ToList();
        found.Sort((x, y) => Better(x, y) ? -1 : Better(y, x) ? 1 : string.CompareOrdinal(x.Consequent, y.Consequent));
        return found;
    }

    private static bool AllIn(IReadOnlyList<string> items, IReadOnlySet<string> basket)
    {
        for (var i = 1; i < items.Count; i++)
        {
            if (!basket.Contains(items[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Better(AssociationRule x, AssociationRule y)
    {
        var confidence = ((long)x.BasketCount * y.AntecedentCount).CompareTo((long)y.BasketCount * x.AntecedentCount);
        return confidence != 0 ? confidence > 0 : x.Lift > y.Lift;
    }
}
