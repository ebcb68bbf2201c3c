namespace Crm.Coupons;

/// <summary>The result of <see cref="CouponManager.EvaluateAsync"/>: every coupon of the wallet and typed codes on its own, and the best combination.</summary>
public sealed class BasketEvaluation
{
    internal BasketEvaluation(IReadOnlyList<CouponEvaluation> coupons, CouponCombination best)
    {
        Coupons = coupons;
        Best = best;
    }

    /// <summary>Gets each coupon evaluated alone against the whole basket, ordered by coupon id (ordinal).</summary>
    public IReadOnlyList<CouponEvaluation> Coupons { get; }

    /// <summary>Gets the best combination.</summary>
    public CouponCombination Best { get; }

    /// <inheritdoc />
    public override string ToString() => $"best {Best}; each alone {Crm.Internal.ListText.Of(Coupons)}";
}
