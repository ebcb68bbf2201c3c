namespace Crm.Coupons;

/// <summary>The set of coupons that saves the customer the most within the stacking rules.</summary>
/// <remarks>
/// The best over which coupons and the order they apply in: every amount benefit before every percentage (or the
/// reverse, see <see cref="BenefitOrder"/>), and within that, the order that saves the most. Nothing depends on
/// template or coupon ids except which of two equally good combinations is reported. The search is exact unless it
/// runs out of its budget (many applicable coupons and a high <see cref="CouponsOptions.MaxCouponsPerPurchase"/>);
/// then it is the best found and <see cref="IsExact"/> is <see langword="false"/>.
/// </remarks>
public sealed class CouponCombination
{
    internal CouponCombination(IReadOnlyList<CouponEvaluation> coupons, Money totalDiscount, bool isExact, IReadOnlyDictionary<string, CouponReason> leftOut, BenefitOrder benefitOrder)
    {
        BenefitOrder = benefitOrder;
        Coupons = coupons;
        TotalDiscount = totalDiscount;
        IsExact = isExact;
        LeftOut = leftOut;
    }

    /// <summary>Gets the chosen coupons in the order their benefits apply, each with its discount and allocation in the combination.</summary>
    public IReadOnlyList<CouponEvaluation> Coupons { get; }

    /// <summary>Gets the total saving.</summary>
    public Money TotalDiscount { get; }

    /// <summary>Gets the order of benefit classes the combination was computed in: <see cref="CouponBasket.BenefitOrder"/> when the host pinned one for this checkout, else <see cref="CouponsOptions.BenefitOrder"/>.</summary>
    public BenefitOrder BenefitOrder { get; }

    /// <summary>Gets a value indicating whether the combination is proven best (the search finished within its budget).</summary>
    public bool IsExact { get; }

    /// <summary>Gets, for each applicable coupon left out, why ("not combinable with C-123"), keyed by coupon id.</summary>
    public IReadOnlyDictionary<string, CouponReason> LeftOut { get; }

    /// <inheritdoc />
    public override string ToString() =>
        $"{TotalDiscount} from {Crm.Internal.ListText.Of(Coupons)}{(IsExact ? string.Empty : " (best found, not proven)")}{(LeftOut.Count == 0 ? string.Empty : " left out " + Crm.Internal.ListText.Of(LeftOut.Select(l => $"{l.Key}: {l.Value.Message}")))}";
}
