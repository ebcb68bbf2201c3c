namespace Crm.Coupons;

/// <summary>The limits of a template: coupons issued and redeemed in total, and coupons issued per customer per period.</summary>
public sealed class CouponBudget
{
    /// <summary>Gets the most coupons ever issued, or <see langword="null"/> for no limit.</summary>
    public int? MaxIssued { get; init; }

    /// <summary>Gets the most coupons ever redeemed (net of restores), or <see langword="null"/> for no limit.</summary>
    /// <remarks>Held at checkout: redemptions plus reservations not lapsed count against it when a coupon is evaluated or reserved (<see cref="CouponReasonCodes.BudgetExhausted"/>).</remarks>
    public int? MaxRedeemed { get; init; }

    /// <summary>Gets the most coupons issued to one customer per <see cref="PerCustomerPeriod"/>, or <see langword="null"/> for no limit.</summary>
    /// <remarks>For a shared promo code this is the per-customer use limit.</remarks>
    public int? MaxPerCustomer { get; init; }

    /// <summary>Gets the period of <see cref="MaxPerCustomer"/>.</summary>
    /// <value>The default value is <see cref="CapPeriod.Lifetime"/>.</value>
    public CapPeriod PerCustomerPeriod { get; init; }
}
