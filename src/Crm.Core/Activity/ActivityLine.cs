namespace Crm;

/// <summary>
/// One line of an <see cref="ActivityEntry"/>: what a purchase line contributed to the paid total, or what a refund gave back for it.
/// </summary>
/// <param name="LineId">The purchase line's id.</param>
/// <param name="Sku">The line's SKU.</param>
/// <param name="Category">The line's category.</param>
/// <param name="Quantity">For a purchase, the quantity bought; for a refund, the quantity returned (zero for an amount refund).</param>
/// <param name="Amount">For a purchase, the line's share of the paid total; for a refund, the amount given back for the line (positive).</param>
public sealed record ActivityLine(string LineId, string Sku, string Category, decimal Quantity, Money Amount);
