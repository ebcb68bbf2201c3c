namespace Crm.Feedback.Internal;

/// <summary>
/// Decides a survey invitation for every purchase recorded through <see cref="CrmManager"/>, in the purchase's unit of work,
/// when <see cref="FeedbackOptions.InviteOnPurchase"/> is set: the invitation commits with the purchase or not at all, and
/// its <see cref="SurveyInvitedEvent"/> is raised only once it has.
/// </summary>
internal sealed class FeedbackPurchaseHandler(IServiceProvider services, Microsoft.Extensions.Options.IOptions<FeedbackOptions> options) : IPurchaseHandler
{
    // The manager is resolved on first use, not injected: CrmManager builds every handler, and a host that leaves the option
    // off (or whose own adapter has no IFeedbackStore) must not need the manager's dependencies to record a purchase.
    private FeedbackManager? _manager;

    // After the signals: an invitation depends on nothing the other packages decide, and must not hold up what they write.
    public int Order => CrmHandlerOrder.Signals + 50;

    public async ValueTask HandleAsync(PurchaseContext context, CancellationToken cancellationToken)
    {
        if (!options.Value.InviteOnPurchase || options.Value.Policy.SurveyRules.Count == 0)
        {
            return;
        }

        var purchase = context.Purchase;
        var request = new SurveyInvitationRequest
        {
            CustomerId = purchase.CustomerId,
            PurchaseId = purchase.Id,
            StoreId = purchase.StoreId,
            SalesChannel = purchase.Channel,
            PurchasedAt = purchase.OccurredAt,
        };
        var store = context.UnitOfWork.GetStore<IFeedbackStore>();
        var manager = _manager ??= (FeedbackManager)(services.GetService(typeof(FeedbackManager)) ?? throw new InvalidOperationException("FeedbackManager is not registered; call AddFeedback()."));
        var decision = await manager.DecideInvitationAsync(store, context.UnitOfWork.GetStore<ICustomerStore>(), context.UnitOfWork.GetStore<IConsentStore>(), request, cancellationToken).ConfigureAwait(false);

        // On a replay of the purchase the invitation it earned is found and reported; nothing is written.
        if (!context.IsReplay && decision is { Outcome: InvitationOutcome.Invited, IsReplay: false, Invitation: { } invitation })
        {
            await store.AddInvitationAsync(invitation, cancellationToken).ConfigureAwait(false);
            FeedbackTelemetry.Invitations.Add(1);
            context.Publish(FeedbackManager.Invited(invitation));
        }

        context.AddOutcome(decision);
    }
}
