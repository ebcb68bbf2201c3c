namespace Crm.Simulation.Internal;

/// <summary>
/// Turns journal entries back into the facts that resolve to them, so the replay goes through <see cref="CrmManager"/> like any
/// host. A line keeps its id, SKU, category and quantity; its paid amount becomes a unit price (and, when the amount is not a
/// whole number of minor units per item, a line discount) whose net is exactly the amount, so the resolved entry has the same
/// line amounts as the host's. The paid total is the entry's amount.
/// </summary>
internal static class FactRebuilder
{
    public static Purchase ToPurchase(ActivityEntry entry, MidpointRounding rounding)
    {
        var lines = new PurchaseLine[entry.Lines.Count];
        for (var i = 0; i < lines.Length; i++)
        {
            lines[i] = ToLine(entry.Lines[i], rounding);
        }

        return new Purchase
        {
            Id = entry.Id,
            CustomerId = entry.CustomerId,
            StoreId = entry.StoreId,
            Channel = entry.Channel,
            OccurredAt = entry.OccurredAt,
            Lines = lines,
            PaidTotal = entry.Amount,
        };
    }

    public static Refund ToRefund(ActivityEntry entry)
    {
        // A refund by amount is resolved to lines with quantity 0; a refund by lines keeps the quantities returned.
        var byAmount = entry.Lines.All(l => l.Quantity == 0m);
        return new Refund
        {
            Id = entry.Id,
            PurchaseId = entry.PurchaseId,
            OccurredAt = entry.OccurredAt,
            Amount = byAmount ? entry.Amount : null,
            Lines = byAmount ? null : [.. entry.Lines.Select(l => new RefundLine { LineId = l.LineId, Quantity = l.Quantity })],
        };
    }

    private static PurchaseLine ToLine(ActivityLine line, MidpointRounding rounding)
    {
        var currency = line.Amount.Currency;
        var decimals = currency.MinorUnits;
        var amount = line.Amount.Amount;
        var quantity = line.Quantity;
        var unit = amount / quantity;
        if (decimal.Round(unit, decimals) == unit && decimal.Round(unit * quantity, decimals, rounding) == amount)
        {
            return new PurchaseLine { LineId = line.LineId, Sku = line.Sku, Category = line.Category, Quantity = quantity, UnitPrice = new Money(unit, currency) };
        }

        // A price at least the amount per item, rounded up to minor units, and the difference as a discount.
        var minor = currency.MinorUnit;
        unit = decimal.Ceiling(amount / quantity / minor) * minor;
        var gross = decimal.Round(unit * quantity, decimals, rounding);
        while (gross < amount)
        {
            unit += minor;
            gross = decimal.Round(unit * quantity, decimals, rounding);
        }

        return new PurchaseLine
        {
            LineId = line.LineId,
            Sku = line.Sku,
            Category = line.Category,
            Quantity = quantity,
            UnitPrice = new Money(unit, currency),
            LineDiscount = gross == amount ? null : new Money(gross - amount, currency),
        };
    }
}
