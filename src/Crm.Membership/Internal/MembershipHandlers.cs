namespace Crm.Membership.Internal;

/// <summary>Runs membership on every purchase (upgrades) at <see cref="CrmHandlerOrder.Membership"/>, after points.</summary>
internal sealed class MembershipPurchaseHandler(MembershipManager manager) : IPurchaseHandler
{
    public int Order => CrmHandlerOrder.Membership;

    public async ValueTask HandleAsync(PurchaseContext context, CancellationToken cancellationToken) =>
        context.AddOutcome(await manager.OnPurchaseAsync(context, cancellationToken).ConfigureAwait(false));
}

/// <summary>Runs membership on every recorded refund (immediate downgrades, when the policy says so).</summary>
internal sealed class MembershipRefundHandler(MembershipManager manager) : IRefundHandler
{
    public int Order => CrmHandlerOrder.Membership;

    public async ValueTask HandleAsync(RefundContext context, CancellationToken cancellationToken)
    {
        if (await manager.OnRefundAsync(context, cancellationToken).ConfigureAwait(false) is { } outcome)
        {
            context.AddOutcome(outcome);
        }
    }
}

/// <summary>Gives other packages the member's tier (and its points multiplier).</summary>
internal sealed class MembershipTierProvider(MembershipManager manager) : ICustomerTierProvider
{
    public async ValueTask<CustomerTier?> GetTierAsync(CustomerId customerId, NodaTime.Instant asOf, IStoreUnitOfWork? unitOfWork = null, CancellationToken cancellationToken = default) =>
        await manager.TierAtAsync(customerId, asOf, unitOfWork, cancellationToken).ConfigureAwait(false);
}
