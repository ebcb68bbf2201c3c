namespace Crm;

/// <summary>
/// One line of an <see cref="ActivityEntry"/>: what a purchase line contributed to the paid total, or what a refund gave back for it.
/// </summary>
public sealed record ActivityLine
{
    /// <summary>Gets the purchase line's id.</summary>
    public required string LineId { get; init; }

    /// <summary>Gets the line's SKU.</summary>
    public required string Sku { get; init; }

    /// <summary>Gets the line's category.</summary>
    public required string Category { get; init; }

    /// <summary>Gets, for a purchase, the quantity bought; for a refund, the quantity returned (zero for an amount refund).</summary>
    public required decimal Quantity { get; init; }

    /// <summary>Gets, for a purchase, the line's share of the paid total; for a refund, the amount given back for the line (positive).</summary>
    public required Money Amount { get; init; }
}
