namespace Crm.Campaigns;

/// <summary>The outcome of <see cref="CampaignManager.AssignAsync"/> or <see cref="CampaignManager.ImportAssignmentsAsync"/>.</summary>
/// <param name="Added">The customers assigned now.</param>
/// <param name="AlreadyAssigned">The customers who had an assignment, left as they were.</param>
public sealed record AssignResult(int Added, int AlreadyAssigned);
