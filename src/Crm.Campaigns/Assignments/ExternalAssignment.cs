using NodaTime;

namespace Crm.Campaigns;

/// <summary>An assignment made elsewhere, imported with <see cref="CampaignManager.ImportAssignmentsAsync"/>.</summary>
/// <param name="CustomerId">The customer.</param>
/// <param name="Arm">The arm's name in the campaign.</param>
/// <param name="AssignedAt">When the customer was assigned (and delivered).</param>
/// <param name="Status">A final status: <see cref="CampaignDeliveryStatus.Delivered"/>, <see cref="CampaignDeliveryStatus.HeldOut"/> (the holdout arm's only status) or <see cref="CampaignDeliveryStatus.NoConsent"/>.</param>
public sealed record ExternalAssignment(CustomerId CustomerId, string Arm, Instant AssignedAt, CampaignDeliveryStatus Status);
