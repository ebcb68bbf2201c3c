namespace Crm;

/// <summary>The kinds of names one package's rules use to refer to something another package defines.</summary>
public enum CrmReferenceKind
{
    /// <summary>A coupon template id: Crm.Coupons defines them; tier benefits and win-back actions name them.</summary>
    CouponTemplate = 1,

    /// <summary>A membership tier name: Crm.Membership defines them; segment rules, coupon conditions and points multipliers name them.</summary>
    Tier = 2,

    /// <summary>A segment name: Crm.Segmentation assigns them; segment rules and coupon conditions name them.</summary>
    Segment = 3,
}
