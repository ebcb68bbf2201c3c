namespace Crm.Campaigns;

/// <summary>The outcome of <see cref="CampaignManager.AssignAsync"/> or <see cref="CampaignManager.ImportAssignmentsAsync"/>.</summary>
public sealed record AssignResult
{
    /// <summary>Gets the customers assigned now.</summary>
    public required int Added { get; init; }

    /// <summary>Gets the customers who had an assignment, left as they were.</summary>
    public required int AlreadyAssigned { get; init; }
}
