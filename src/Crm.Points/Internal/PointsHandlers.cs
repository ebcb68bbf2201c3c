namespace Crm.Points.Internal;

/// <summary>Earns points on every recorded purchase at <see cref="CrmHandlerOrder.Points"/> (after membership).</summary>
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
/// Tells other packages (membership's points thresholds) what a customer earned. Reads the ledger store directly, not
/// through <see cref="PointsManager"/>: the manager reads tiers, and membership (which provides tiers) reads points, so
/// going through the manager would make a dependency cycle.
/// </summary>
internal sealed class PointsEarnedReader(IPointsLedgerStore store) : ICustomerPointsReader
{
    public async ValueTask<PointAmount> GetPointsEarnedAsync(CustomerId customerId, NodaTime.Instant from, NodaTime.Instant to, CancellationToken cancellationToken = default) =>
        await store.GetEarnedAsync(customerId, from, to, cancellationToken).ConfigureAwait(false);
}
