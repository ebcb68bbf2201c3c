namespace Crm;

/// <summary>
/// The documented order in which <see cref="CrmManager"/> runs the handlers of a purchase or refund.
/// </summary>
/// <remarks>
/// Recording the fact in the activity journal always comes first (it is not a handler). Handlers then run by
/// ascending <see cref="IPurchaseHandler.Order"/>; handlers with the same order run in registration order.
/// The slots leave room between them so a host can place its own handler anywhere.
/// </remarks>
public static class CrmHandlerOrder
{
    /// <summary>Membership: tiers are evaluated first, so points can read the tier the purchase earned.</summary>
    public const int Membership = 100;

    /// <summary>Points: earning and reversing points.</summary>
    public const int Points = 200;

    /// <summary>Coupons: confirming the redemptions reserved at checkout.</summary>
    public const int Coupons = 300;

    /// <summary>Signals: segmentation and churn signals that react to the new activity.</summary>
    public const int Signals = 400;

    /// <summary>The default slot for a host's own handlers: after every package.</summary>
    public const int Host = 1000;
}
