namespace Crm.Coupons;

/// <summary>The order in which the benefits of combined coupons apply; each coupon sees the line amounts left by the ones before it.</summary>
public enum BenefitOrder
{
    /// <summary>Amount benefits (amount off, thresholds, ladders, free items, fixed prices, gifts) first, then percentages: the customer saves less.</summary>
    AmountOffFirst = 0,

    /// <summary>Percentages (percent off, N-th item) first, then amount benefits: the customer saves more.</summary>
    PercentOffFirst = 1,
}
