namespace Crm.Churn.Internal;

/// <summary>Ends open churn episodes on a purchase (won back or returned) at <see cref="CrmHandlerOrder.Signals"/>.</summary>
internal sealed class ChurnPurchaseHandler(ChurnManager manager) : IPurchaseHandler
{
    public int Order => CrmHandlerOrder.Signals;

    public async ValueTask HandleAsync(PurchaseContext context, CancellationToken cancellationToken)
    {
        if (await manager.OnPurchaseAsync(context, cancellationToken).ConfigureAwait(false) is { } episode)
        {
            context.AddOutcome(episode);
        }
    }
}
