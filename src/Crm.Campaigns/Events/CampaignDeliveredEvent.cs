using NodaTime;

namespace Crm.Campaigns;

/// <summary>
/// Asks the host to send a campaign's message on its channel (the library never sends anything); raised for the treated arms
/// (coupon, points, message) once the delivery is stored, with the coupon issued or the points bonus for the host to grant.
/// </summary>
/// <param name="CustomerId">The customer.</param>
/// <param name="OccurredAt">When the delivery was decided.</param>
/// <param name="EventId">A stable id, <c>campaign-delivered:{campaign}:{customer}</c>, so a host drops duplicates.</param>
/// <param name="CampaignId">The campaign.</param>
/// <param name="Arm">The arm's name.</param>
/// <param name="Kind">The arm's kind.</param>
/// <param name="Channel">The channel to send on, which the customer consented to.</param>
/// <param name="CouponId">The coupon issued, for a coupon arm.</param>
/// <param name="Points">The points bonus to grant, for a points arm.</param>
public sealed record CampaignDeliveredEvent(
    CustomerId CustomerId,
    Instant OccurredAt,
    string EventId,
    string CampaignId,
    string Arm,
    CampaignArmKind Kind,
    ContactChannels Channel,
    string? CouponId,
    long? Points) : CrmEvent(CustomerId, OccurredAt, EventId);
