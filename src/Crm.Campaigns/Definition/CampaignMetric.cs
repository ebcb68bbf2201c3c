namespace Crm.Campaigns;

/// <summary>The metric a campaign is judged by in its report's verdict.</summary>
public enum CampaignMetric
{
    /// <summary>The share of customers who bought in the attribution window.</summary>
    Conversion = 1,

    /// <summary>Revenue per customer in the attribution window.</summary>
    RevenuePerCustomer = 2,

    /// <summary>Margin per customer: revenue times <see cref="Campaign.MarginRate"/> less the discount cost.</summary>
    MarginPerCustomer = 3,
}
