using Crm.Baskets.Internal;

namespace Crm.Baskets;

/// <summary>
/// Mines frequent itemsets and association rules from baskets with Eclat: for a host's own data, for analysts, and
/// under <see cref="BasketManager.MineAsync"/>, which streams the journal into it.
/// </summary>
/// <threadsafety>Stateless and safe to call from many threads.</threadsafety>
public static class BasketMiner
{
    /// <summary>Mines baskets.</summary>
    /// <param name="baskets">The baskets, each a collection of items (compared ordinally; an item twice in a basket counts once). Every basket counts toward the total, even an empty one.</param>
    /// <param name="parameters">The thresholds.</param>
    /// <param name="cancellationToken">A token to cancel the mining.</param>
    /// <returns>Every frequent itemset up to <see cref="MiningParameters.MaxItemsetSize"/> and every rule with one consequent that passes the thresholds.</returns>
    /// <exception cref="CrmValidationException">The parameters are out of range (<see cref="CrmErrorCodes.RulesInvalid"/>).</exception>
    public static MiningResult Mine(IEnumerable<IEnumerable<string>> baskets, MiningParameters parameters, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(baskets);
        ArgumentNullException.ThrowIfNull(parameters);
        parameters.Validate("$");
        var items = new ItemTable();
        var encoded = new List<int[]>();
        foreach (var basket in baskets)
        {
            ArgumentNullException.ThrowIfNull(basket, nameof(baskets));
            encoded.Add(items.Encode(basket));
        }

        return MineEncoded(encoded, items, parameters, cancellationToken);
    }

    /// <summary>Mines baskets already encoded as item numbers of <paramref name="items"/>.</summary>
    internal static MiningResult MineEncoded(IReadOnlyList<int[]> baskets, ItemTable items, MiningParameters parameters, CancellationToken cancellationToken)
    {
        var total = baskets.Count;
        var minCount = parameters.MinCount(total);
        var counts = new Dictionary<ItemsetKey, int>();
        Eclat.Mine(baskets, items.Count, minCount, parameters.MaxItemsetSize, (set, count) => counts.Add(new ItemsetKey(set.ToArray()), count), cancellationToken);

        var itemCounts = new int[items.Count];
        foreach (var basket in baskets)
        {
            foreach (var item in basket)
            {
                itemCounts[item]++;
            }
        }

        var rules = new List<AssociationRule>();
        var minConfidence = (decimal)parameters.MinConfidence;
        var minLift = (decimal)parameters.MinLift;
        foreach (var (itemset, count) in counts)
        {
            if (itemset.Items.Length < 2)
            {
                continue;
            }

            for (var i = 0; i < itemset.Items.Length; i++)
            {
                var consequent = itemset.Items[i];
                var antecedent = itemset.Without(i);
                var antecedentCount = counts[antecedent];
                var consequentCount = itemCounts[consequent];

                // Exact comparisons on the counts: count / antecedent >= c and total * count / (antecedent * consequent) >= l.
                if (count < minConfidence * antecedentCount || (decimal)total * count < minLift * antecedentCount * consequentCount)
                {
                    continue;
                }

                rules.Add(new AssociationRule
                {
                    Antecedent = [.. antecedent.Items.Select(items.Name).Order(StringComparer.Ordinal)],
                    Consequent = items.Name(consequent),
                    BasketCount = count,
                    AntecedentCount = antecedentCount,
                    ConsequentCount = consequentCount,
                    Baskets = total,
                });
            }
        }

        return new MiningResult
        {
            BasketCount = total,
            Items = [.. Enumerable.Range(0, items.Count)
                .Select(i => new BasketItem(items.Name(i), itemCounts[i], items.Category(i)))
                .OrderByDescending(i => i.BasketCount).ThenBy(i => i.Item, StringComparer.Ordinal)],
            Itemsets = [.. counts
                .Select(c => new FrequentItemset([.. c.Key.Items.Select(items.Name).Order(StringComparer.Ordinal)], c.Value, (double)c.Value / total))
                .OrderBy(s => s.Items.Count).ThenByDescending(s => s.BasketCount).ThenBy(s => string.Join("\u0001", s.Items), StringComparer.Ordinal)],
            Rules = Order(rules),
        };
    }

    /// <summary>Orders rules by descending lift, confidence and basket count, then by their items, so the order never depends on item numbering.</summary>
    internal static List<AssociationRule> Order(IEnumerable<AssociationRule> rules) =>
        [.. rules
            .OrderByDescending(r => r.Lift)
            .ThenByDescending(r => r.Confidence)
            .ThenByDescending(r => r.BasketCount)
            .ThenBy(r => string.Join("\u0001", r.Antecedent), StringComparer.Ordinal)
            .ThenBy(r => r.Consequent, StringComparer.Ordinal)];
}
