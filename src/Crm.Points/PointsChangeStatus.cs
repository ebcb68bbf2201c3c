namespace Crm.Points;

/// <summary>How a redemption, adjustment or event award ended.</summary>
public enum PointsChangeStatus
{
    /// <summary>The change was written now.</summary>
    Applied = 1,

    /// <summary>The idempotency key had been used; nothing changed and the earlier entries are returned.</summary>
    Replayed = 2,

    /// <summary>The customer has fewer spendable points than asked for; nothing changed.</summary>
    InsufficientPoints = 3,

    /// <summary>The customer already received the event award as many times as its limit allows; nothing changed.</summary>
    LimitReached = 4,
}
