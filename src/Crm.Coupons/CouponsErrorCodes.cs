namespace Crm.Coupons;

/// <summary>The stable error codes of Crm.Coupons (bad input from the host; business "no"s are <see cref="CouponReasonCodes"/>).</summary>
public static class CouponsErrorCodes
{
    /// <summary>A template id is not among the configured templates.</summary>
    public const string UnknownTemplate = "coupons.unknown_template";

    /// <summary>A basket is not valid (no lines, duplicate line ids, another currency, a negative amount).</summary>
    public const string BasketInvalid = "coupons.basket_invalid";

    /// <summary>A key (idempotency, reservation or redemption key) or a code is missing or too long.</summary>
    public const string KeyInvalid = "coupons.key_invalid";
}
