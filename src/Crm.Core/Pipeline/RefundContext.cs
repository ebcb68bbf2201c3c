using NodaTime;

namespace Crm;

/// <summary>The context of an <see cref="IRefundHandler"/>: the refund resolved to exact amounts, its purchase, the metrics before and after it, and the unit of work it is recorded in.</summary>
public sealed class RefundContext : HandlerContext
{
    internal RefundContext(Refund refund, ActivityEntry entry, ActivityEntry purchaseEntry, CustomerMetrics metricsBefore, CustomerMetrics metrics, bool isReplay, Instant now, IStoreUnitOfWork unitOfWork, ICustomerTierProvider tiers)
        : base(entry, metricsBefore, metrics, isReplay, now, unitOfWork, tiers)
    {
        Refund = refund;
        PurchaseEntry = purchaseEntry;
    }

    /// <summary>Gets the refund as the host gave it.</summary>
    public Refund Refund { get; }

    /// <summary>Gets the journal entry of the refunded purchase.</summary>
    public ActivityEntry PurchaseEntry { get; }

    /// <summary>Gets the share of the purchase's paid total that this refund gives back, from 0 to 1.</summary>
    /// <remarks>A package that reverses what a purchase earned may weigh the lines itself (Crm.Points counts only the lines that earn points).</remarks>
    public decimal RefundedShare => PurchaseEntry.Amount.IsZero ? 1m : Entry.Amount.Amount / PurchaseEntry.Amount.Amount;
}
