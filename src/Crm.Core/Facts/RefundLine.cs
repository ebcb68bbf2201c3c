namespace Crm;

/// <summary>A quantity of one purchase line that is returned in a <see cref="Refund"/>.</summary>
public sealed class RefundLine
{
    /// <summary>Gets the <see cref="PurchaseLine.LineId"/> of the line returned.</summary>
    public required string LineId { get; init; }

    /// <summary>Gets the quantity returned; above zero and no more than is left of the line.</summary>
    public required decimal Quantity { get; init; }
}
