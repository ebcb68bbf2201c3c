namespace Crm.Churn;

/// <summary>What a win-back action does.</summary>
public enum WinBackActionKind
{
    /// <summary>Issues a coupon of a template through <see cref="ICouponIssuer"/> and raises a <see cref="WinBackEvent"/> for the host to announce it.</summary>
    Coupon = 1,

    /// <summary>Raises a <see cref="WinBackEvent"/> for the host to send a message.</summary>
    Message = 2,
}
