namespace Crm.Coupons.Internal;

/// <summary>A coupon (held, or a typed promo code or automatic promotion not yet held) with its template and its eligible lines.</summary>
internal sealed class Candidate(Coupon coupon, CouponTemplate template, CouponSource source)
{
    public Coupon Coupon { get; } = coupon;

    public CouponTemplate Template { get; } = template;

    public CouponSource Source { get; } = source;

    /// <summary>Whether the coupon would be issued when reserved (a promo code or an automatic promotion the customer does not hold yet).</summary>
    public bool IssuedOnUse => Source != CouponSource.Wallet;

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
