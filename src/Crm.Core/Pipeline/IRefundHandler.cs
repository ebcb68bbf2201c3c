namespace Crm;

/// <summary>
/// Reacts to a recorded refund (points reversal, coupon restore). Packages register one each; hosts may add their own.
/// </summary>
/// <remarks>The same rules as <see cref="IPurchaseHandler"/>: ordered by <see cref="Order"/>, run on replays, idempotent by the refund id.</remarks>
public interface IRefundHandler
{
    /// <summary>Gets the handler's place in the chain; see <see cref="CrmHandlerOrder"/>.</summary>
    int Order { get; }

    /// <summary>Handles a recorded refund.</summary>
    /// <param name="context">The refund, its journal entry, its purchase and the metrics after it.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>A task that completes when the handler is done.</returns>
    ValueTask HandleAsync(RefundContext context, CancellationToken cancellationToken);
}
