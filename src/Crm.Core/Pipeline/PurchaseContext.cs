using NodaTime;

namespace Crm;

/// <summary>The context of an <see cref="IPurchaseHandler"/>: the purchase, its journal entry, the metrics before and after it, and the unit of work it is recorded in.</summary>
public sealed class PurchaseContext : HandlerContext
{
    internal PurchaseContext(Purchase purchase, ActivityEntry entry, CustomerMetrics metricsBefore, CustomerMetrics metrics, bool isReplay, Instant now, IStoreUnitOfWork unitOfWork, ICustomerTierProvider tiers)
        : base(entry, metricsBefore, metrics, isReplay, now, unitOfWork, tiers)
    {
        Purchase = purchase;
    }

    /// <summary>Gets the purchase as the host gave it.</summary>
    public Purchase Purchase { get; }
}
