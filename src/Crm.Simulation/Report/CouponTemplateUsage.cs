namespace Crm.Simulation;

/// <summary>A scenario's coupons of one template issued in the period.</summary>
/// <param name="TemplateId">The template.</param>
/// <param name="Issued">The coupons issued in the period (tier benefits, win-back actions).</param>
/// <param name="Redeemed">The coupons of the template redeemed in the period.</param>
public sealed record CouponTemplateUsage(string TemplateId, int Issued, int Redeemed);
