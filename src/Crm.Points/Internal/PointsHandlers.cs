using Microsoft.Extensions.DependencyInjection;

namespace Crm.Points.Internal;

/// <summary>Earns points on every purchase at <see cref="CrmHandlerOrder.Points"/>, before membership counts them.</summary>
internal sealed class PointsPurchaseHandler(PointsManager manager) : IPurchaseHandler
{
    public int Order => CrmHandlerOrder.Points;

    public async ValueTask HandleAsync(PurchaseContext context, CancellationToken cancellationToken) =>
        context.AddOutcome(await manager.OnPurchaseAsync(context, cancellationToken).ConfigureAwait(false));
}

/// <summary>Reverses points on every recorded refund whose purchase earned some.</summary>
internal sealed class PointsRefundHandler(PointsManager manager) : IRefundHandler
{
    public int Order => CrmHandlerOrder.Points;

    public async ValueTask HandleAsync(RefundContext context, CancellationToken cancellationToken)
    {
        if (await manager.OnRefundAsync(context, cancellationToken).ConfigureAwait(false) is { } outcome)
        {
            context.AddOutcome(outcome);
        }
    }
}

/// <summary>
/// Tells other packages (membership's points thresholds, the feedback card) what a customer earned and holds. Points
/// earned are read from the ledger store directly: a read of committed entries, which needs none of the manager's rules.
/// The balance is the manager's, resolved when first asked (the manager depends on tiers, which may read points earned).
/// </summary>
internal sealed class PointsEarnedReader(IPointsLedgerStore store, IServiceProvider services) : ICustomerPointsReader
{
    public async ValueTask<PointAmount?> GetAvailablePointsAsync(CustomerId customerId, CancellationToken cancellationToken = default) =>
        (await services.GetRequiredService<PointsManager>().GetBalanceAsync(customerId, cancellationToken: cancellationToken).ConfigureAwait(false)).Available;

    public async ValueTask<PointAmount> GetPointsEarnedAsync(CustomerId customerId, NodaTime.Instant from, NodaTime.Instant to, IStoreUnitOfWork? unitOfWork = null, CancellationToken cancellationToken = default) =>
        await (unitOfWork?.GetStore<IPointsLedgerStore>() ?? store).GetEarnedAsync(customerId, from, to, cancellationToken).ConfigureAwait(false);
}
