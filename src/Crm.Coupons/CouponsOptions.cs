using NodaTime;

namespace Crm.Coupons;

/// <summary>Settings of Crm.Coupons, set with <c>AddCoupons(...)</c>.</summary>
public sealed class CouponsOptions
{
    /// <summary>Gets the coupon templates: add them built in code, or a whole file with <c>o.Templates.AddRange(CouponTemplate.ListFromJson(json))</c>.</summary>
    /// <value>The default value is an empty list.</value>
    /// <remarks>A <see cref="List{T}"/> rather than an interface so that <c>AddRange</c> is at hand in the options callback.</remarks>
    public List<CouponTemplate> Templates { get; } = [];

    /// <summary>Gets or sets the most coupons one purchase may use.</summary>
    /// <value>The default value is 3.</value>
    public int MaxCouponsPerPurchase { get; set; } = 3;

    /// <summary>Gets or sets the order in which combined benefits apply.</summary>
    /// <value>The default value is <see cref="BenefitOrder.AmountOffFirst"/>.</value>
    public BenefitOrder BenefitOrder { get; set; } = BenefitOrder.AmountOffFirst;

    /// <summary>Gets or sets how long a reservation holds a coupon for a checkout.</summary>
    /// <value>The default value is 15 minutes.</value>
    public Duration ReservationTimeToLive { get; set; } = Duration.FromMinutes(15);

    /// <summary>Gets or sets a value indicating whether a full refund, within the coupon's validity, gives back the coupons the purchase redeemed.</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool RestoreOnFullRefund { get; set; }

    /// <summary>Gets the rules that give a purchase a coupon for a later order: add them built in code, or a file with <c>o.NextOrderRules.AddRange(NextOrderRule.ListFromJson(json))</c>.</summary>
    /// <value>The default value is an empty list.</value>
    public List<NextOrderRule> NextOrderRules { get; } = [];

    /// <summary>
    /// Gets or sets how long after a purchase happened recording it still earns next-order coupons: a purchase recorded
    /// later (history being imported) earns none, so an import does not hand out coupons for orders long past.
    /// </summary>
    /// <value>The default value is one day.</value>
    public Duration NextOrderIssueWindow { get; set; } = Duration.FromDays(1);
}
