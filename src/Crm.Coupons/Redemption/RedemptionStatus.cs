namespace Crm.Coupons;

/// <summary>The outcome of a reserve, confirm, release or restore.</summary>
public enum RedemptionStatus
{
    /// <summary>Done now.</summary>
    Succeeded = 0,

    /// <summary>Done earlier with the same key; nothing changed.</summary>
    Replayed = 1,

    /// <summary>No coupon has that code; in a purchase's replay, a coupon reserved under the purchase id that the first recording did not redeem.</summary>
    NotFound = 2,

    /// <summary>Redeemed by another purchase.</summary>
    AlreadyRedeemed = 3,

    /// <summary>Held by another checkout until its reservation lapses.</summary>
    ReservedElsewhere = 4,

    /// <summary>Its validity has not started.</summary>
    NotYetValid = 5,

    /// <summary>Its validity has ended.</summary>
    Expired = 6,

    /// <summary>The template's redeemed budget, or the promo code's per-customer limit, is used up.</summary>
    BudgetExhausted = 7,

    /// <summary>The coupon is not in the state the operation needs (releasing a coupon not reserved under the key, restoring one not redeemed by the purchase).</summary>
    NotApplicable = 8,

    /// <summary>
    /// The coupon belongs to another customer than the one the call (or the recorded purchase) names; nothing is written.
    /// <see cref="RedemptionResult.Reasons"/> holds <see cref="CouponReasonCodes.OtherCustomer"/>.
    /// </summary>
    OtherCustomer = 9,

    /// <summary>
    /// The recorded purchase does not meet the coupon's terms (minimum spend, eligible items, conditions, validity at the
    /// purchase's instant, stacking); <see cref="RedemptionResult.Reasons"/> says which, with the codes of
    /// <see cref="CouponReasonCodes"/>. The purchase is recorded; the coupon is not redeemed and nothing of it is written.
    /// </summary>
    TermsNotMet = 10,
}
