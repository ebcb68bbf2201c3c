namespace Crm.Campaigns;

/// <summary>Where a campaign's outcomes (purchases, revenue, discount) come from.</summary>
public enum CampaignOutcomeSource
{
    /// <summary>The customers' journal: the purchases recorded through <see cref="CrmManager"/> in the attribution window.</summary>
    Journal = 1,

    /// <summary>Outcomes imported with <see cref="CampaignManager.ImportOutcomesAsync"/> (an experiment run elsewhere).</summary>
    Imported = 2,
}
