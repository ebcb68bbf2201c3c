namespace Crm.Coupons;

/// <summary>The set of coupons that saves the customer the most within the stacking rules.</summary>
/// <remarks>
/// Exact (by a bounded search) when at most 20 coupons apply; beyond that, greedy: it repeatedly adds the coupon that
/// adds the most saving given those already chosen, and <see cref="IsExact"/> is <see langword="false"/>.
/// </remarks>
public sealed class CouponCombination
{
    internal CouponCombination(IReadOnlyList<CouponEvaluation> coupons, Money totalDiscount, bool isExact, IReadOnlyDictionary<string, CouponReason> leftOut)
    {
        Coupons = coupons;
        TotalDiscount = totalDiscount;
        IsExact = isExact;
        LeftOut = leftOut;
    }

    /// <summary>Gets the chosen coupons in the order their benefits apply, each with its discount and allocation in the combination.</summary>
    public IReadOnlyList<CouponEvaluation> Coupons { get; }

    /// <summary>Gets the total saving.</summary>
    public Money TotalDiscount { get; }

    /// <summary>Gets a value indicating whether the combination is proven best (at most 20 applicable coupons).</summary>
    public bool IsExact { get; }

    /// <summary>Gets, for each applicable coupon left out, why ("not combinable with C-123"), keyed by coupon id.</summary>
    public IReadOnlyDictionary<string, CouponReason> LeftOut { get; }
}
