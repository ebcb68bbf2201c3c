namespace Crm.Coupons;

/// <summary>An amount off the basket's delivery fee (<see cref="CouponBasket.DeliveryFee"/>), or all of it.</summary>
/// <remarks>Its discount is not allocated to lines; <see cref="CouponEvaluation.OnDeliveryFee"/> is <see langword="true"/>.</remarks>
public sealed class DeliveryFeeOffBenefit : CouponBenefit
{
    /// <summary>Gets the largest amount off the fee, or <see langword="null"/> for the whole fee.</summary>
    public Money? Amount { get; init; }
}
