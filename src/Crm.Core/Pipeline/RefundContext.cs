using NodaTime;

namespace Crm;

/// <summary>The context of an <see cref="IRefundHandler"/>: the refund resolved to exact amounts, its purchase, and the metrics after it.</summary>
public sealed class RefundContext : HandlerContext
{
    /// <summary>Initializes a new instance of the <see cref="RefundContext"/> class.</summary>
    /// <param name="refund">The refund as the host gave it.</param>
    /// <param name="entry">The refund's journal entry: what was given back per line.</param>
    /// <param name="purchaseEntry">The journal entry of the refunded purchase.</param>
    /// <param name="metrics">The customer's metrics after the refund.</param>
    /// <param name="isReplay">Whether the refund had been recorded before.</param>
    /// <param name="now">The current instant.</param>
    public RefundContext(Refund refund, ActivityEntry entry, ActivityEntry purchaseEntry, CustomerMetrics metrics, bool isReplay, Instant now)
        : base(entry, metrics, isReplay, now)
    {
        Refund = Internal.Guard.NotNull(refund);
        PurchaseEntry = Internal.Guard.NotNull(purchaseEntry);
    }

    /// <summary>Gets the refund as the host gave it.</summary>
    public Refund Refund { get; }

    /// <summary>Gets the journal entry of the refunded purchase.</summary>
    public ActivityEntry PurchaseEntry { get; }

    /// <summary>Gets the share of the purchase's paid total that this refund gives back, from 0 to 1.</summary>
    /// <remarks>A package that reverses what a purchase earned may weigh the lines itself (Crm.Points counts only the lines that earned points).</remarks>
    public decimal RefundedShare => PurchaseEntry.Amount.IsZero ? 1m : Entry.Amount.Amount / PurchaseEntry.Amount.Amount;
}
