namespace Crm.Feedback;

/// <summary>How a complaint was resolved: the remedy and whether the customer was told.</summary>
public sealed record TicketResolution
{
    /// <summary>Gets what the customer was given (at least one flag).</summary>
    public required TicketRemedy Remedy { get; init; }

    /// <summary>Gets the refund, in the programme's currency, when <see cref="Remedy"/> has <see cref="TicketRemedy.Refund"/>.</summary>
    public Money? RefundAmount { get; init; }

    /// <summary>Gets the coupon template, when <see cref="Remedy"/> has <see cref="TicketRemedy.Coupon"/>.</summary>
    public string? CouponTemplateId { get; init; }

    /// <summary>Gets the coupon issued, set by <see cref="FeedbackManager.ResolveTicketAsync"/>; ignored in a request.</summary>
    public string? CouponId { get; init; }

    /// <summary>Gets the goodwill points, when <see cref="Remedy"/> has <see cref="TicketRemedy.Points"/>.</summary>
    public long? Points { get; init; }

    /// <summary>Gets whether the customer was told of the resolution.</summary>
    public required bool CustomerInformed { get; init; }
}
