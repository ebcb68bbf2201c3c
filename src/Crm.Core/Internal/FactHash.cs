using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using NodaTime;

namespace Crm.Internal;

/// <summary>
/// The content hash of a fact as the host sent it, which a replay of its id must match: every field, each written with
/// its length so no two facts share a text, amounts and quantities by value (10.0 and 10.00 are the same amount).
/// </summary>
internal static class FactHash
{
    public static string Of(Purchase purchase)
    {
        var text = new StringBuilder(64 + (purchase.Lines.Count * 48));
        Add(text, "purchase");
        Add(text, purchase.Id);
        Add(text, purchase.CustomerId.Value);
        Add(text, purchase.StoreId);
        Add(text, ((int)purchase.Channel).ToString(CultureInfo.InvariantCulture));
        Add(text, Ticks(purchase.OccurredAt));
        Add(text, purchase.PaidTotal);
        foreach (var line in purchase.Lines)
        {
            Add(text, line.LineId);
            Add(text, line.Sku);
            Add(text, line.Category);
            Add(text, line.Quantity);
            Add(text, line.UnitPrice);
            Add(text, line.LineDiscount is { } discount ? Number(discount.Amount) : "-");
        }

        return Hash(text);
    }

    public static string Of(Refund refund)
    {
        var text = new StringBuilder(64);
        Add(text, "refund");
        Add(text, refund.Id);
        Add(text, refund.PurchaseId);
        Add(text, Ticks(refund.OccurredAt));
        if (refund.Amount is { } amount)
        {
            Add(text, amount);
        }
        else
        {
            foreach (var line in refund.Lines!)
            {
                Add(text, line.LineId);
                Add(text, line.Quantity);
            }
        }

        return Hash(text);
    }

    private static string Ticks(Instant instant) => instant.ToUnixTimeTicks().ToString(CultureInfo.InvariantCulture);

    /// <summary>A number without trailing zeros: the same value always gives the same text.</summary>
    private static string Number(decimal value) => value.ToString("0.############################", CultureInfo.InvariantCulture);

    private static void Add(StringBuilder text, decimal value) => Add(text, Number(value));

    private static void Add(StringBuilder text, Money value) => Add(text, Number(value.Amount) + " " + value.Currency.Code);

    private static void Add(StringBuilder text, string value) => text.Append(value.Length).Append(':').Append(value).Append(';');

    private static string Hash(StringBuilder text)
    {
        // 128 bits of SHA-256: a collision between two facts with one id is out of reach by chance or by design.
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()), hash);
        return Convert.ToHexStringLower(hash[..16]);
    }
}
