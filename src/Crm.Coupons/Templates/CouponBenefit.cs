using System.Text.Json.Serialization;

namespace Crm.Coupons;

/// <summary>
/// What a coupon gives. Written in JSON with a <c>kind</c>: <c>percentOff</c>, <c>amountOff</c>, <c>threshold</c>,
/// <c>ladder</c>, <c>buyGet</c>, <c>nthItem</c>, <c>fixedPrice</c>, <c>freeGift</c> or <c>deliveryFeeOff</c>.
/// </summary>
/// <remarks>Amounts are computed on the eligible lines (see <see cref="CouponScope"/>) as they stand after any coupons applied before this one.</remarks>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(PercentOffBenefit), "percentOff")]
[JsonDerivedType(typeof(AmountOffBenefit), "amountOff")]
[JsonDerivedType(typeof(ThresholdBenefit), "threshold")]
[JsonDerivedType(typeof(LadderBenefit), "ladder")]
[JsonDerivedType(typeof(BuyGetBenefit), "buyGet")]
[JsonDerivedType(typeof(NthItemBenefit), "nthItem")]
[JsonDerivedType(typeof(FixedPriceBenefit), "fixedPrice")]
[JsonDerivedType(typeof(FreeGiftBenefit), "freeGift")]
[JsonDerivedType(typeof(DeliveryFeeOffBenefit), "deliveryFeeOff")]
public abstract class CouponBenefit
{
    private protected CouponBenefit()
    {
    }

    /// <summary>
    /// Gets the largest discount the benefit gives, or <see langword="null"/> for no cap ("50% off the cheapest item,
    /// at most 30.00 CNY"). Every kind takes it; a capped discount keeps its allocation's proportions (largest remainder).
    /// </summary>
    public Money? MaxDiscount { get; init; }

    /// <summary>Gets a value indicating whether the benefit is a percentage (percent off, N-th item at a percent off); see <see cref="BenefitOrder"/>.</summary>
    [JsonIgnore]
    public virtual bool IsPercentage => false;
}
