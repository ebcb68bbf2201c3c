namespace Crm.Coupons;

/// <summary>Why a coupon does not apply (or was left out of the best combination), for staff and customers to read.</summary>
/// <param name="Code">A stable code from <see cref="CouponReasonCodes"/>.</param>
/// <param name="Message">A sentence in <see cref="CrmOptions.Culture"/> (or the current UI culture) such as "minimum spend 30.00 CNY on eligible items, basket has 25.00 CNY", or in zh-CN "适用商品满¥30.00可用，当前适用商品金额¥25.00".</param>
public sealed record CouponReason(string Code, string Message)
{
    /// <inheritdoc />
    public override string ToString() => Message;
}
