namespace Crm;

/// <summary>
/// Reacts to a purchase being recorded. Packages register one each (points earn, tier upgrade, coupon confirm); hosts may add their own.
/// </summary>
/// <remarks>
/// <para>Handlers run by ascending <see cref="Order"/> (see <see cref="CrmHandlerOrder"/>) inside the purchase's unit of work,
/// after its journal entry is written to the unit and before the unit commits: they read and write through
/// <see cref="HandlerContext.UnitOfWork"/>, and everything commits together or not at all. An exception (or a cancellation)
/// anywhere discards the whole purchase and reaches the host, which records it again later as if new.</para>
/// <para>A concurrency conflict at the commit runs the whole purchase again, handlers included, so a handler must not keep
/// state of its own between calls. On a replay (<see cref="HandlerContext.IsReplay"/>) a handler reports what the first
/// recording did and writes nothing.</para>
/// </remarks>
public interface IPurchaseHandler
{
    /// <summary>Gets the handler's place in the chain; see <see cref="CrmHandlerOrder"/>.</summary>
    int Order { get; }

    /// <summary>Handles a purchase being recorded.</summary>
    /// <param name="context">The purchase, its journal entry, the metrics before and after it, and the unit of work.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>A task that completes when the handler is done.</returns>
    ValueTask HandleAsync(PurchaseContext context, CancellationToken cancellationToken);
}
