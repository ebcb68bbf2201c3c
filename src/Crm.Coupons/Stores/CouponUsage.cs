namespace Crm.Coupons;

/// <summary>A template's usage counters.</summary>
/// <param name="TemplateId">The template's id.</param>
/// <param name="Issued">Coupons issued.</param>
/// <param name="Redeemed">Coupons redeemed, net of restores.</param>
public sealed record CouponUsage(string TemplateId, long Issued, long Redeemed);
