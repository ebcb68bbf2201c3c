namespace Crm;

/// <summary>
/// Reacts to a refund being recorded (points reversal, coupon restore). Packages register one each; hosts may add their own.
/// </summary>
/// <remarks>The same rules as <see cref="IPurchaseHandler"/>: ordered by <see cref="Order"/>, inside the refund's unit of work, all or nothing, reporting without writing on a replay.</remarks>
public interface IRefundHandler
{
    /// <summary>Gets the handler's place in the chain; see <see cref="CrmHandlerOrder"/>.</summary>
    int Order { get; }

    /// <summary>Handles a refund being recorded.</summary>
    /// <param name="context">The refund, its journal entry, its purchase, the metrics before and after it, and the unit of work.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>A task that completes when the handler is done.</returns>
    ValueTask HandleAsync(RefundContext context, CancellationToken cancellationToken);
}
