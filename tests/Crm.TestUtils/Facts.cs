using NodaTime;

namespace Crm.TestUtils;

/// <summary>Short builders for purchases and refunds in CNY.</summary>
public static class Facts
{
    public static Money Cny(decimal amount) => new(amount, Currency.CNY);

    public static PurchaseLine Line(string lineId, decimal unitPrice, decimal quantity = 1m, string category = "coffee", string? sku = null, decimal? discount = null) => new()
    {
        LineId = lineId,
        Sku = sku ?? category + "-" + lineId,
        Category = category,
        Quantity = quantity,
        UnitPrice = Cny(unitPrice),
        LineDiscount = discount is { } d ? Cny(d) : null,
    };

    /// <summary>A purchase whose paid total is the lines' net sum unless <paramref name="paid"/> says otherwise.</summary>
    public static Purchase Purchase(string id, string customer, Instant at, params PurchaseLine[] lines) => Purchase(id, customer, at, null, lines);

    public static Purchase Purchase(string id, string customer, Instant at, decimal? paid, params PurchaseLine[] lines) => new()
    {
        Id = id,
        CustomerId = new CustomerId(customer),
        StoreId = "sh-001",
        Channel = SalesChannel.App,
        OccurredAt = at,
        Lines = lines,
        PaidTotal = Cny(paid ?? lines.Sum(l => decimal.Round(l.UnitPrice.Amount * l.Quantity, 2, MidpointRounding.AwayFromZero) - (l.LineDiscount?.Amount ?? 0m))),
    };

    public static Refund RefundLines(string id, string purchaseId, Instant at, params (string LineId, decimal Quantity)[] lines) => new()
    {
        Id = id,
        PurchaseId = purchaseId,
        OccurredAt = at,
        Lines = [.. lines.Select(l => new RefundLine { LineId = l.LineId, Quantity = l.Quantity })],
    };

    public static Refund RefundAmount(string id, string purchaseId, Instant at, decimal amount) => new()
    {
        Id = id,
        PurchaseId = purchaseId,
        OccurredAt = at,
        Amount = Cny(amount),
    };
}
