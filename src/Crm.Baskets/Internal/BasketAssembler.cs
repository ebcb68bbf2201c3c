namespace Crm.Baskets.Internal;

/// <summary>
/// Turns the journal, read by purchase time, into baskets: a purchase's items at the policy's level, less lines refunded
/// in full and excluded items; a purchase with nothing left is no basket.
/// </summary>
/// <remarks>Entries arrive as each purchase followed by its refunds (<see cref="IActivityStore.ListEntriesAsync"/>), so one purchase is kept open at a time, across pages.</remarks>
internal sealed class BasketAssembler(BasketPolicy policy)
{
    private readonly List<ActivityEntry> _refunds = [];
    private ActivityEntry? _purchase;

    public ItemTable Items { get; } = new();

    public List<int[]> Baskets { get; } = [];

    /// <summary>The customer of each basket, by index, for segment popularity.</summary>
    public List<CustomerId> Customers { get; } = [];

    public void Add(ActivityEntry entry)
    {
        if (entry.Kind == ActivityKind.Purchase)
        {
            Flush();
            _purchase = entry;
        }
        else if (_purchase is not null && string.Equals(entry.PurchaseId, _purchase.Id, StringComparison.Ordinal))
        {
            _refunds.Add(entry);
        }
    }

    public void Flush()
    {
        if (_purchase is not { } purchase)
        {
            return;
        }

        var items = Items.Encode(purchase.Lines
            .Where(line => !RefundedInFull(line))
            .Select(line => (Item: policy.ItemOf(line.Sku, line.Category), line.Category))
            .Where(line => line.Item is not null)
            .Select(line => (line.Item!, (string?)line.Category)));
        if (items.Length > 0)
        {
            Baskets.Add(items);
            Customers.Add(purchase.CustomerId);
        }

        _purchase = null;
        _refunds.Clear();
    }

    /// <summary>A line is not bought when its refunds gave back all of its quantity or, for amount refunds, all it cost.</summary>
    private bool RefundedInFull(ActivityLine line)
    {
        if (_refunds.Count == 0)
        {
            return false;
        }

        var quantity = 0m;
        var amount = 0m;
        foreach (var refund in _refunds)
        {
            foreach (var returned in refund.Lines)
            {
                if (string.Equals(returned.LineId, line.LineId, StringComparison.Ordinal))
                {
                    quantity += returned.Quantity;
                    amount += returned.Amount.Amount;
                }
            }
        }

        return (line.Quantity > 0 && quantity >= line.Quantity) || (line.Amount.Amount > 0 && amount >= line.Amount.Amount);
    }
}
