namespace Crm;

/// <summary>
/// Reacts to a recorded purchase. Packages register one each (points earn, tier upgrade, coupon confirm); hosts may add their own.
/// </summary>
/// <remarks>
/// Handlers run after the purchase is in the journal, by ascending <see cref="Order"/> (see <see cref="CrmHandlerOrder"/>).
/// They also run on replays, so each must be idempotent by the purchase id. An exception stops the chain and
/// reaches the host, which retries the whole call; handlers that already ran see a replay and do nothing twice.
/// </remarks>
public interface IPurchaseHandler
{
    /// <summary>Gets the handler's place in the chain; see <see cref="CrmHandlerOrder"/>.</summary>
    int Order { get; }

    /// <summary>Handles a recorded purchase.</summary>
    /// <param name="context">The purchase, its journal entry and the metrics after it.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>A task that completes when the handler is done.</returns>
    ValueTask HandleAsync(PurchaseContext context, CancellationToken cancellationToken);
}
