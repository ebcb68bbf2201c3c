namespace Crm;

/// <summary>
/// The order in which the packages' handlers run for a fact. Hosts place their own handlers relative to these slots.
/// </summary>
/// <remarks>
/// <para>Recording the fact in the journal always comes first (it is not a handler). Handlers then run by ascending
/// <see cref="IPurchaseHandler.Order"/>; handlers with the same order run in registration order. The slots leave room
/// between them so a host can place its own handler anywhere.</para>
/// <para>Why this order: points are earned at the tier the customer held when the purchase started
/// (<see cref="HandlerContext.GetTierAtStartAsync"/>), and membership then counts this purchase's points
/// (<see cref="HandlerContext.PointsAwarded"/>), so the purchase that crosses a points threshold upgrades at once, and a
/// replay reports the same tier. Coupons confirm after both, and signals see everything the purchase changed.</para>
/// </remarks>
public static class CrmHandlerOrder
{
    /// <summary>Points: earning and reversing points, at the tier held when the fact started.</summary>
    public const int Points = 100;

    /// <summary>Membership: tiers, counting the points this fact earned.</summary>
    public const int Membership = 200;

    /// <summary>Coupons: confirming the redemptions reserved at checkout.</summary>
    public const int Coupons = 300;

    /// <summary>Signals: segmentation and churn signals that react to the new activity.</summary>
    public const int Signals = 400;

    /// <summary>The default slot for a host's own handlers: after every package.</summary>
    public const int Host = 1000;
}
