namespace Crm.Campaigns;

/// <summary>What the customers of an arm get.</summary>
public enum CampaignArmKind
{
    /// <summary>The control group: nothing is sent or given, and the customer is recorded as held out. A campaign has exactly one.</summary>
    Holdout = 1,

    /// <summary>Nothing either, but as a treatment arm (an A/A test's second arm).</summary>
    Nothing = 2,

    /// <summary>A coupon of <see cref="CampaignArm.CouponTemplateId"/>, issued through <see cref="ICouponIssuer"/>, and a message event.</summary>
    Coupon = 3,

    /// <summary>A points bonus of <see cref="CampaignArm.Points"/>, in a message event the host grants from (as a goodwill points remedy).</summary>
    Points = 4,

    /// <summary>A message only: a <see cref="CampaignDeliveredEvent"/> the host sends.</summary>
    Message = 5,
}
