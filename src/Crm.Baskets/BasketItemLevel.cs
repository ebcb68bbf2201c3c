namespace Crm.Baskets;

/// <summary>What a basket's items are: the lines' SKUs (through <see cref="BasketPolicy.ItemMap"/> when given) or their categories.</summary>
public enum BasketItemLevel
{
    /// <summary>Each line's SKU, or the item <see cref="BasketPolicy.ItemMap"/> maps it to.</summary>
    Sku = 1,

    /// <summary>Each line's category.</summary>
    Category = 2,
}
