using NodaTime;

namespace Crm;

/// <summary>The context of an <see cref="IPurchaseHandler"/>: the purchase, its journal entry and the metrics after it.</summary>
public sealed class PurchaseContext : HandlerContext
{
    /// <summary>Initializes a new instance of the <see cref="PurchaseContext"/> class.</summary>
    /// <param name="purchase">The purchase as the host gave it.</param>
    /// <param name="entry">The purchase's journal entry.</param>
    /// <param name="metrics">The customer's metrics after the purchase.</param>
    /// <param name="isReplay">Whether the purchase had been recorded before.</param>
    /// <param name="now">The current instant.</param>
    public PurchaseContext(Purchase purchase, ActivityEntry entry, CustomerMetrics metrics, bool isReplay, Instant now)
        : base(entry, metrics, isReplay, now)
    {
        Purchase = Internal.Guard.NotNull(purchase);
    }

    /// <summary>Gets the purchase as the host gave it.</summary>
    public Purchase Purchase { get; }
}
