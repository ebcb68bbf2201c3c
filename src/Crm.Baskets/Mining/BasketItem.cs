namespace Crm.Baskets;

/// <summary>An item of a mined model and how many baskets held it.</summary>
/// <param name="Item">The item (a SKU, a category or the host's mapped item, per <see cref="BasketPolicy.Level"/>).</param>
/// <param name="BasketCount">The number of baskets that held it.</param>
/// <param name="Category">The category of the item: the category of its first line seen, or the item itself at category level; <see langword="null"/> when mined from bare item lists.</param>
public sealed record BasketItem(string Item, int BasketCount, string? Category = null);
