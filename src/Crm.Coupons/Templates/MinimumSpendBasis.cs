namespace Crm.Coupons;

/// <summary>What a coupon's <see cref="CouponConditions.MinimumSpend"/> counts.</summary>
public enum MinimumSpendBasis
{
    /// <summary>The qualifying lines: <see cref="CouponConditions.QualifyingScope"/>, or the eligible lines without one.</summary>
    QualifyingLines = 0,

    /// <summary>Every line of the basket, whatever the scopes ("an order of at least 320").</summary>
    Order = 1,
}
