namespace Crm;

/// <summary>
/// One line of a <see cref="Purchase"/>: a SKU, its category, the quantity and the unit price.
/// </summary>
public sealed class PurchaseLine
{
    /// <summary>Gets the host's id of the line, unique within the purchase; refunds name lines by it.</summary>
    public required string LineId { get; init; }

    /// <summary>Gets the SKU (stock-keeping unit), such as <c>latte-grande</c>.</summary>
    public required string Sku { get; init; }

    /// <summary>Gets the product category, such as <c>coffee</c> or <c>green-tea</c>; spend is summed per category.</summary>
    public required string Category { get; init; }

    /// <summary>Gets the quantity: whole items or a weight (0.35 kg of cherries). Must be above zero.</summary>
    public required decimal Quantity { get; init; }

    /// <summary>Gets the price of one unit before discounts. Must not be negative and must be in whole minor units.</summary>
    public required Money UnitPrice { get; init; }

    /// <summary>Gets the discount already taken off this line (a staff price, a line promotion), or <see langword="null"/> for none.</summary>
    /// <remarks>The line's net amount is its gross amount (<see cref="UnitPrice"/> × <see cref="Quantity"/>, rounded to minor units) minus this discount.</remarks>
    public Money? LineDiscount { get; init; }
}
