namespace Crm.Campaigns;

/// <summary>One arm's figures in a <see cref="CampaignReport"/>: the customers delivered (or held out) and what they bought in the attribution window.</summary>
public sealed record ArmReport
{
    /// <summary>Gets the arm's name.</summary>
    public required string Arm { get; init; }

    /// <summary>Gets the arm's kind.</summary>
    public required CampaignArmKind Kind { get; init; }

    /// <summary>Gets the customers counted: delivered, or held out for the holdout; never those excluded for consent or budget, nor those pending.</summary>
    public required int Customers { get; init; }

    /// <summary>Gets the customers with at least one purchase in the window.</summary>
    public required int Converters { get; init; }

    /// <summary>Gets the converters over the customers (0 when no customers).</summary>
    public required double ConversionRate { get; init; }

    /// <summary>Gets what the customers paid in the window.</summary>
    public required Money Revenue { get; init; }

    /// <summary>Gets the revenue over customers, unrounded.</summary>
    public required decimal RevenuePerCustomer { get; init; }

    /// <summary>Gets the discount the arm's customers used.</summary>
    public required Money DiscountCost { get; init; }

    /// <summary>Gets the revenue less the discount cost.</summary>
    public required Money NetRevenue { get; init; }
}
