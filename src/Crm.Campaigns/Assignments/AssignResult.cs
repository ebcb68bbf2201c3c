namespace Crm.Campaigns;

/// <summary>The outcome of <see cref="CampaignManager.AssignAsync"/> or <see cref="CampaignManager.ImportAssignmentsAsync"/>.</summary>
public sealed record AssignResult
{
    /// <summary>The customers assigned now.</summary>
    public required int Added { get; init; }

    /// <summary>The customers who had an assignment, left as they were.</summary>
    public required int AlreadyAssigned { get; init; }
}
