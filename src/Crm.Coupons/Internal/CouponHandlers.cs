namespace Crm.Coupons.Internal;

/// <summary>Confirms, at <see cref="CrmHandlerOrder.Coupons"/>, the coupons reserved under the purchase's id.</summary>
internal sealed class CouponsPurchaseHandler(CouponManager manager) : IPurchaseHandler
{
    public int Order => CrmHandlerOrder.Coupons;

    public async ValueTask HandleAsync(PurchaseContext context, CancellationToken cancellationToken)
    {
        if (await manager.OnPurchaseAsync(context, cancellationToken).ConfigureAwait(false) is { } outcome)
        {
            context.AddOutcome(outcome);
        }
    }
}

/// <summary>Restores the coupons of a fully refunded purchase, when <see cref="CouponsOptions.RestoreOnFullRefund"/> is set.</summary>
internal sealed class CouponsRefundHandler(CouponManager manager) : IRefundHandler
{
    public int Order => CrmHandlerOrder.Coupons;

    public async ValueTask HandleAsync(RefundContext context, CancellationToken cancellationToken)
    {
        if (await manager.OnRefundAsync(context, cancellationToken).ConfigureAwait(false) is { } outcome)
        {
            context.AddOutcome(outcome);
        }
    }
}
