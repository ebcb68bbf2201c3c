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
}
