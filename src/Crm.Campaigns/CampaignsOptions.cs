namespace Crm.Campaigns;

/// <summary>Settings of Crm.Campaigns, set with <c>AddCampaigns(...)</c>.</summary>
public sealed class CampaignsOptions
{
    /// <summary>Gets or sets how many assignments an assignment batch writes and a report reads per page, 1 to 100,000.</summary>
    /// <value>The default value is 5000.</value>
    public int PageSize { get; set; } = 5000;
}
