namespace Crm.Coupons.Internal;

/// <summary>A coupon (held, or a typed promo code not yet held) with its template and its eligible lines.</summary>
internal sealed class Candidate(Coupon coupon, CouponTemplate template, bool isPromoCode)
{
    public Coupon Coupon { get; } = coupon;

    public CouponTemplate Template { get; } = template;

    public bool IsPromoCode { get; } = isPromoCode;

    public string Id => Coupon.Id;

    /// <summary>Why the coupon's template has no place left for it (<see cref="CouponReasonCodes.BudgetExhausted"/>), set before the evaluation; or <see langword="null"/>.</summary>
    public CouponReason? Budget { get; set; }

    /// <summary>Eligible lines of the prepared basket (by the scope), set by the evaluator.</summary>
    public bool[] Eligible { get; set; } = [];

    /// <summary>Lines the conditions count (by the qualifying scope): the same array as <see cref="Eligible"/> when the template has none.</summary>
    public bool[] Qualifying { get; set; } = [];

    /// <summary>The discount alone against the whole basket, in minor units (0 when not applicable).</summary>
    public long Standalone { get; set; }
}
