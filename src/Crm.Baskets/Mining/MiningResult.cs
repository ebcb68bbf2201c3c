namespace Crm.Baskets;

/// <summary>What <see cref="BasketMiner.Mine"/> found.</summary>
public sealed record MiningResult
{
    /// <summary>Gets the number of baskets mined.</summary>
    public required int BasketCount { get; init; }

    /// <summary>Gets every item seen, by descending basket count, then ordinal.</summary>
    public required IReadOnlyList<BasketItem> Items { get; init; }

    /// <summary>Gets the frequent itemsets, by size, then descending basket count, then items in ordinal order.</summary>
    public required IReadOnlyList<FrequentItemset> Itemsets { get; init; }

    /// <summary>Gets the rules, by descending lift, then confidence, then basket count, then items in ordinal order.</summary>
    public required IReadOnlyList<AssociationRule> Rules { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"{BasketCount} baskets, {Items.Count} items, {Itemsets.Count} frequent itemsets, {Rules.Count} rules";
}
