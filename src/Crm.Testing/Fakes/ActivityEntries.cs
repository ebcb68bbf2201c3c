using NodaTime;

namespace Crm.Testing.Fakes;

/// <summary>Builds journal entries for store tests, the way <see cref="CrmManager"/> would.</summary>
public static class ActivityEntries
{
    /// <summary>Builds a purchase entry whose amount is the sum of its lines.</summary>
    /// <param name="id">The purchase id.</param>
    /// <param name="customerId">The customer.</param>
    /// <param name="occurredAt">The purchase instant (UTC month is used as the purchase month).</param>
    /// <param name="lines">The lines as (category, amount in CNY) pairs; each becomes one unit of a SKU named after the category.</param>
    /// <returns>The entry.</returns>
    public static ActivityEntry Purchase(string id, CustomerId customerId, Instant occurredAt, params (string Category, decimal Amount)[] lines)
    {
        var activityLines = lines.Select((l, i) => new ActivityLine { LineId = $"L{i + 1}", Sku = l.Category + "-sku", Category = l.Category, Quantity = 1m, Amount = new Money(l.Amount, Currency.CNY) }).ToArray();
        var date = occurredAt.InUtc().Date;
        return new ActivityEntry
        {
            Kind = ActivityKind.Purchase,
            Id = id,
            CustomerId = customerId,
            PurchaseId = id,
            OccurredAt = occurredAt,
            PurchasedAt = occurredAt,
            PurchaseMonth = new YearMonth(date.Year, date.Month),
            StoreId = "store-1",
            Channel = SalesChannel.App,
            Amount = new Money(lines.Sum(l => l.Amount), Currency.CNY),
            Lines = activityLines,
            RecordedAt = occurredAt,
        };
    }

    /// <summary>Builds a refund entry of some lines of a purchase entry.</summary>
    /// <param name="id">The refund id.</param>
    /// <param name="purchase">The purchase entry.</param>
    /// <param name="occurredAt">The refund instant.</param>
    /// <param name="lines">The refunded lines as (line id, quantity, amount in CNY).</param>
    /// <returns>The entry.</returns>
    public static ActivityEntry Refund(string id, ActivityEntry purchase, Instant occurredAt, params (string LineId, decimal Quantity, decimal Amount)[] lines)
    {
        ArgumentNullException.ThrowIfNull(purchase);
        var activityLines = lines.Select(l =>
        {
            var source = purchase.Lines.Single(p => p.LineId == l.LineId);
            return new ActivityLine { LineId = l.LineId, Sku = source.Sku, Category = source.Category, Quantity = l.Quantity, Amount = new Money(l.Amount, Currency.CNY) };
        }).ToArray();
        return new ActivityEntry
        {
            Kind = ActivityKind.Refund,
            Id = id,
            CustomerId = purchase.CustomerId,
            PurchaseId = purchase.Id,
            OccurredAt = occurredAt,
            PurchasedAt = purchase.PurchasedAt,
            PurchaseMonth = purchase.PurchaseMonth,
            StoreId = purchase.StoreId,
            Channel = purchase.Channel,
            Amount = new Money(lines.Sum(l => l.Amount), Currency.CNY),
            Lines = activityLines,
            RecordedAt = occurredAt,
        };
    }

    /// <summary>Appends an entry at its customer's current version, read first, the way <see cref="CrmManager"/> would.</summary>
    /// <param name="store">The store; its writes apply at once.</param>
    /// <param name="entry">The entry; its <see cref="ActivityEntry.Sequence"/> is set to the version read + 1.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The entry as appended, with its sequence.</returns>
    public static async Task<ActivityEntry> AppendAsync(IActivityStore store, ActivityEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(entry);
        var version = (await store.GetMetricsAsync(entry.CustomerId, cancellationToken).ConfigureAwait(false))?.Version ?? 0;
        var sequenced = entry with { Sequence = version + 1 };
        await store.AppendAsync(sequenced, version, cancellationToken).ConfigureAwait(false);
        return sequenced;
    }

    /// <summary>Returns a customer id no other test uses, so suites can share one database.</summary>
    /// <param name="prefix">A readable prefix.</param>
    /// <returns>A fresh id.</returns>
    public static CustomerId NewCustomerId(string prefix = "c") => new($"{prefix}-{Guid.NewGuid():N}");

    /// <summary>Returns an id for a purchase or refund that no other test uses.</summary>
    /// <param name="prefix">A readable prefix.</param>
    /// <returns>A fresh id.</returns>
    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";
}
