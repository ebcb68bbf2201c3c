namespace Crm.Campaigns;

/// <summary>
/// An arm against the holdout, each difference with its 95% confidence interval. When the arm or the holdout is suppressed
/// (<see cref="ArmReport.IsSuppressed"/>), so is the comparison: every estimate is <see langword="null"/>, since a difference
/// from a known arm gives away the small one.
/// </summary>
public sealed record ArmComparison
{
    /// <summary>Gets the arm.</summary>
    public required string Arm { get; init; }

    /// <summary>Gets the holdout arm.</summary>
    public required string Holdout { get; init; }

    /// <summary>Gets the arm's conversion rate less the holdout's (Newcombe's hybrid score interval, from Wilson intervals); <see langword="null"/> when suppressed.</summary>
    public required Estimate? ConversionUplift { get; init; }

    /// <summary>Gets the uplift over the holdout's rate (the interval is the absolute one over the holdout's rate; NaN when the holdout's rate is 0); <see langword="null"/> when suppressed.</summary>
    public required Estimate? RelativeConversionUplift { get; init; }

    /// <summary>Gets the arm's revenue per customer less the holdout's (Welch); <see langword="null"/> when suppressed.</summary>
    public required Estimate? RevenuePerCustomerUplift { get; init; }

    /// <summary>Gets that over the holdout's revenue per customer (likewise scaled; NaN when it is 0); <see langword="null"/> when suppressed.</summary>
    public required Estimate? RelativeRevenueUplift { get; init; }

    /// <summary>Gets the revenue uplift per customer times the arm's customers; <see langword="null"/> when suppressed.</summary>
    public required Estimate? IncrementalRevenue { get; init; }

    /// <summary>Gets the margin per customer (revenue times the margin rate, or revenue, less the discount cost) uplift (Welch) times the arm's customers; <see langword="null"/> when suppressed.</summary>
    public required Estimate? IncrementalMargin { get; init; }

    /// <summary>Gets the smallest absolute conversion uplift the sample detects with 80% power at the 5% level; <see langword="null"/> when suppressed.</summary>
    public required double? ConversionMde { get; init; }

    /// <summary>Gets the smallest revenue-per-customer uplift the sample detects likewise; <see langword="null"/> when suppressed.</summary>
    public required double? RevenuePerCustomerMde { get; init; }

    /// <summary>Gets a value indicating whether the arm or the holdout is suppressed, so that every estimate is <see langword="null"/>.</summary>
    public bool IsSuppressed { get; init; }

    /// <summary>Gets a sentence for people about the campaign's primary metric.</summary>
    public required string Verdict { get; init; }
}
