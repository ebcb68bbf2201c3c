namespace Crm.Baskets;

/// <summary>Items bought together in at least the minimum support of baskets.</summary>
/// <param name="Items">The items, in ordinal order.</param>
/// <param name="BasketCount">The number of baskets holding all of them.</param>
/// <param name="Support">The share of baskets holding all of them.</param>
public sealed record FrequentItemset(IReadOnlyList<string> Items, int BasketCount, double Support)
{
    /// <inheritdoc />
    public override string ToString() => $"{{{string.Join(", ", Items)}}} in {BasketCount} baskets";
}
