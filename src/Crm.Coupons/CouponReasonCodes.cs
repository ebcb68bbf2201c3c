namespace Crm.Coupons;

/// <summary>The stable codes of <see cref="CouponReason"/>: why a coupon does not apply, or was left out of the best combination.</summary>
public static class CouponReasonCodes
{
    /// <summary>The coupon's validity has not started.</summary>
    public const string NotYetValid = "coupon.not_yet_valid";

    /// <summary>The coupon's validity has ended.</summary>
    public const string Expired = "coupon.expired";

    /// <summary>The coupon was redeemed already.</summary>
    public const string Redeemed = "coupon.redeemed";

    /// <summary>Another checkout holds the coupon.</summary>
    public const string ReservedElsewhere = "coupon.reserved_elsewhere";

    /// <summary>
    /// The template's redemption budget (<see cref="CouponBudget.MaxRedeemed"/>) has no place left: redemptions plus
    /// reservations not lapsed reach it (the message gives the numbers); or, for a promo code or an automatic promotion, the customer's use limit or
    /// the template's issue budget is reached. Reported by <see cref="CouponManager.EvaluateAsync"/> and with
    /// <see cref="RedemptionStatus.BudgetExhausted"/>.
    /// </summary>
    public const string BudgetExhausted = "coupon.budget_exhausted";

    /// <summary>The coupon belongs to another customer.</summary>
    public const string OtherCustomer = "coupon.other_customer";

    /// <summary>A typed code is neither a coupon nor a promo code.</summary>
    public const string UnknownCode = "coupon.unknown_code";

    /// <summary>The coupon's template is no longer configured.</summary>
    public const string UnknownTemplate = "coupon.unknown_template";

    /// <summary>The customer's tier is not among the coupon's tiers.</summary>
    public const string Tier = "coupon.tier";

    /// <summary>The customer is in none of the coupon's segments.</summary>
    public const string Segment = "coupon.segment";

    /// <summary>The sales channel is not allowed.</summary>
    public const string Channel = "coupon.channel";

    /// <summary>The store is not allowed.</summary>
    public const string Store = "coupon.store";

    /// <summary>The weekday (in the store's time zone) is not allowed.</summary>
    public const string Weekday = "coupon.weekday";

    /// <summary>The time of day (in the store's time zone) is outside the coupon's hours.</summary>
    public const string Hours = "coupon.hours";

    /// <summary>The coupon is for a first purchase and the customer has purchased before.</summary>
    public const string FirstPurchase = "coupon.first_purchase";

    /// <summary>No basket line is in the coupon's scope.</summary>
    public const string NoEligibleItems = "coupon.no_eligible_items";

    /// <summary>No basket line is in the coupon's qualifying scope (<see cref="CouponConditions.QualifyingScope"/>).</summary>
    public const string NoQualifyingItems = "coupon.no_qualifying_items";

    /// <summary>The qualifying items (or the order, see <see cref="CouponConditions.MinimumSpendOn"/>) do not reach the minimum spend.</summary>
    public const string MinimumSpend = "coupon.minimum_spend";

    /// <summary>The qualifying items do not reach the minimum quantity.</summary>
    public const string MinimumQuantity = "coupon.minimum_quantity";

    /// <summary>There are not enough eligible items for the benefit (buy N get M, N-th item).</summary>
    public const string NotEnoughItems = "coupon.not_enough_items";

    /// <summary>The benefit saves nothing on this basket (a fixed price above every eligible item).</summary>
    public const string NoSaving = "coupon.no_saving";

    /// <summary>A "buy N get M, added free" coupon gives free units the basket does not hold yet; <see cref="CouponEvaluation.UnitsToAdd"/> says which.</summary>
    public const string FreeUnitsToAdd = "coupon.free_units_to_add";

    /// <summary>The free gift is not in the basket.</summary>
    public const string GiftMissing = "coupon.gift_missing";

    /// <summary>The basket has no delivery fee.</summary>
    public const string NoDeliveryFee = "coupon.no_delivery_fee";

    /// <summary>The coupon's money is in another currency than the basket.</summary>
    public const string Currency = "coupon.currency";

    /// <summary>The coupon cannot be combined with a coupon in the best combination.</summary>
    public const string NotCombinable = "coupon.not_combinable";

    /// <summary>The best combination already holds the most coupons allowed per purchase.</summary>
    public const string MaxCoupons = "coupon.max_coupons";

    /// <summary>
    /// The coupon's minimum spend (a condition, a threshold or a ladder's first step) is met by the basket but not by
    /// what the best combination's other coupons leave of it; the message gives the minimum and both amounts.
    /// </summary>
    public const string MinimumNotMetAfterDiscounts = "coupon.minimum_not_met_after_discounts";

    /// <summary>The best combination saves more without the coupon.</summary>
    public const string NotBest = "coupon.not_best";
}
