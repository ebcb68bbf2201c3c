namespace Crm.Feedback;

/// <summary>What a resolution gave the customer; combine the flags.</summary>
[Flags]
public enum TicketRemedy
{
    /// <summary>Nothing; not a valid resolution.</summary>
    None = 0,

    /// <summary>An apology.</summary>
    Apology = 1,

    /// <summary>A refund of <see cref="TicketResolution.RefundAmount"/>, made by the host's till or payment system.</summary>
    Refund = 2,

    /// <summary>A coupon of <see cref="TicketResolution.CouponTemplateId"/>, issued through <see cref="ICouponIssuer"/> with the resolution.</summary>
    Coupon = 4,

    /// <summary>Goodwill points (<see cref="TicketResolution.Points"/>), recorded here and granted by the host.</summary>
    Points = 8,
}
