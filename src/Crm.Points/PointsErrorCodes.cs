namespace Crm.Points;

/// <summary>The stable error codes of Crm.Points.</summary>
public static class PointsErrorCodes
{
    /// <summary>An amount of points is zero, negative where it must be positive, or otherwise out of range.</summary>
    public const string AmountInvalid = "points.amount_invalid";

    /// <summary>An idempotency key is missing or too long.</summary>
    public const string KeyInvalid = "points.key_invalid";

    /// <summary>A manual adjustment has no reason or no operator id.</summary>
    public const string AdjustmentInvalid = "points.adjustment_invalid";

    /// <summary>An event award names an event the earn rules do not define.</summary>
    public const string UnknownEvent = "points.unknown_event";

    /// <summary>An idempotency key was used before for a different change (another amount, kind or event).</summary>
    public const string KeyReused = "points.key_reused";

    /// <summary>An expiry run's as-of instant is later than now.</summary>
    public const string AsOfInFuture = "points.as_of_in_future";

    /// <summary>A change of points is larger than <see cref="PointsOptions.MaxPointsPerChange"/>: a manual change or redemption as given, or what a purchase earns by the rules.</summary>
    public const string AmountTooLarge = "points.amount_too_large";

    /// <summary>A credit would take the customer's balance above <see cref="PointsOptions.MaxBalance"/>.</summary>
    public const string BalanceTooLarge = "points.balance_too_large";
}
