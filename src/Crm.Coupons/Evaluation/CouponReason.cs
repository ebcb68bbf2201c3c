namespace Crm.Coupons;

/// <summary>Why a coupon does not apply (or was left out of the best combination), for staff and customers to read.</summary>
/// <param name="Code">A stable code from <see cref="CouponReasonCodes"/>.</param>
/// <param name="Message">A sentence such as "minimum spend 30.00 CNY on eligible items, basket has 25.00 CNY".</param>
public sealed record CouponReason(string Code, string Message)
{
    /// <inheritdoc />
    public override string ToString() => Message;
}
