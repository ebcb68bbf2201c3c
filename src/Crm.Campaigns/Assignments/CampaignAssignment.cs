using NodaTime;

namespace Crm.Campaigns;

/// <summary>A customer's assignment to a campaign's arm and what was delivered, one per campaign and customer.</summary>
public sealed record CampaignAssignment
{
    /// <summary>Gets the campaign.</summary>
    public required string CampaignId { get; init; }

    /// <summary>Gets the customer.</summary>
    public required CustomerId CustomerId { get; init; }

    /// <summary>Gets the arm's name.</summary>
    public required string Arm { get; init; }

    /// <summary>Gets when the customer was assigned.</summary>
    public required Instant AssignedAt { get; init; }

    /// <summary>Gets where the delivery stands.</summary>
    public required CampaignDeliveryStatus Status { get; init; }

    /// <summary>Gets when the delivery was decided (delivered, held out or excluded), or <see langword="null"/> while pending.</summary>
    public Instant? DecidedAt { get; init; }

    /// <summary>Gets why the customer was excluded when <see cref="Status"/> is <see cref="CampaignDeliveryStatus.NoConsent"/>; otherwise <see langword="null"/>.</summary>
    public ContactDecisionReason? ContactReason { get; init; }

    /// <summary>Gets the coupon issued, for a coupon arm delivered.</summary>
    public string? CouponId { get; init; }

    /// <summary>Gets whether the delivery took one coupon of the campaign's budget.</summary>
    public bool UsesBudget { get; init; }

    /// <summary>Gets whether the assignment was imported from an experiment run elsewhere.</summary>
    public bool Imported { get; init; }

    /// <summary>Gets the version, 1 when first written and one more with each write; the store sets it.</summary>
    public long Version { get; init; }
}
