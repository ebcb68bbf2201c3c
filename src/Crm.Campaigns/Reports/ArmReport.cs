namespace Crm.Campaigns;

/// <summary>
/// One arm's figures in a <see cref="CampaignReport"/>: the customers delivered (or held out) and what they bought in the
/// attribution window. An arm with fewer customers than <see cref="CrmOptions.MinimumGroupSize"/> (but at least one) is
/// <see cref="IsSuppressed"/>: what its customers bought is withheld (<see langword="null"/>), so that a report cannot
/// single out a person.
/// </summary>
public sealed record ArmReport
{
    /// <summary>Gets the arm's name.</summary>
    public required string Arm { get; init; }

    /// <summary>Gets the arm's kind.</summary>
    public required CampaignArmKind Kind { get; init; }

    /// <summary>Gets the customers counted: delivered, or held out for the holdout; never those excluded for consent or budget, nor those pending.</summary>
    /// <remarks>Shown even when the arm is suppressed: it is how many customers the campaign addressed, not what any of them did.</remarks>
    public required int Customers { get; init; }

    /// <summary>Gets a value indicating whether the arm has fewer customers than the minimum group size (but at least one), so that its other figures are <see langword="null"/>.</summary>
    public bool IsSuppressed { get; init; }

    /// <summary>Gets the customers with at least one purchase in the window; <see langword="null"/> when suppressed.</summary>
    public required int? Converters { get; init; }

    /// <summary>Gets the converters over the customers (0 when no customers); <see langword="null"/> when suppressed.</summary>
    public required double? ConversionRate { get; init; }

    /// <summary>Gets what the customers paid in the window; <see langword="null"/> when suppressed.</summary>
    public required Money? Revenue { get; init; }

    /// <summary>Gets the revenue over customers, unrounded; <see langword="null"/> when suppressed.</summary>
    public required decimal? RevenuePerCustomer { get; init; }

    /// <summary>Gets the discount the arm's customers used; <see langword="null"/> when suppressed (it would tell the converters).</summary>
    public required Money? DiscountCost { get; init; }

    /// <summary>Gets the revenue less the discount cost; <see langword="null"/> when suppressed.</summary>
    public required Money? NetRevenue { get; init; }
}
