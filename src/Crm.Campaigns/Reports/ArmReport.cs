namespace Crm.Campaigns;

/// <summary>One arm's figures in a <see cref="CampaignReport"/>: the customers delivered (or held out) and what they bought in the attribution window.</summary>
/// <param name="Arm">The arm's name.</param>
/// <param name="Kind">The arm's kind.</param>
/// <param name="Customers">The customers counted: delivered, or held out for the holdout; never those excluded for consent or budget, nor those pending.</param>
/// <param name="Converters">The customers with at least one purchase in the window.</param>
/// <param name="ConversionRate">Converters over customers (0 when no customers).</param>
/// <param name="Revenue">What the customers paid in the window.</param>
/// <param name="RevenuePerCustomer">Revenue over customers, unrounded.</param>
/// <param name="DiscountCost">The discount the arm's customers used.</param>
/// <param name="NetRevenue">Revenue less the discount cost.</param>
public sealed record ArmReport(
    string Arm,
    CampaignArmKind Kind,
    int Customers,
    int Converters,
    double ConversionRate,
    Money Revenue,
    decimal RevenuePerCustomer,
    Money DiscountCost,
    Money NetRevenue);
