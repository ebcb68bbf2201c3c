namespace Crm.Coupons;

/// <summary>A fixed amount off the eligible items ("5.00 CNY off"), never more than they cost.</summary>
public sealed class AmountOffBenefit : CouponBenefit
{
    /// <summary>Gets the amount off; above zero.</summary>
    public required Money Amount { get; init; }
}
