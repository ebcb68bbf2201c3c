namespace Crm.Campaigns;

/// <summary>An arm against the holdout, each difference with its 95% confidence interval.</summary>
/// <param name="Arm">The arm.</param>
/// <param name="Holdout">The holdout arm.</param>
/// <param name="ConversionUplift">The arm's conversion rate less the holdout's (Newcombe's hybrid score interval, from Wilson intervals).</param>
/// <param name="RelativeConversionUplift">The uplift over the holdout's rate (the interval is the absolute one over the holdout's rate; NaN when the holdout's rate is 0).</param>
/// <param name="RevenuePerCustomerUplift">The arm's revenue per customer less the holdout's (Welch).</param>
/// <param name="RelativeRevenueUplift">That over the holdout's revenue per customer (likewise scaled; NaN when it is 0).</param>
/// <param name="IncrementalRevenue">The revenue uplift per customer times the arm's customers.</param>
/// <param name="IncrementalMargin">The margin per customer (revenue times the margin rate, or revenue, less the discount cost) uplift (Welch) times the arm's customers.</param>
/// <param name="ConversionMde">The smallest absolute conversion uplift the sample detects with 80% power at the 5% level.</param>
/// <param name="RevenuePerCustomerMde">The smallest revenue-per-customer uplift the sample detects likewise.</param>
/// <param name="Verdict">A sentence for people about the campaign's primary metric.</param>
public sealed record ArmComparison(
    string Arm,
    string Holdout,
    Estimate ConversionUplift,
    Estimate RelativeConversionUplift,
    Estimate RevenuePerCustomerUplift,
    Estimate RelativeRevenueUplift,
    Estimate IncrementalRevenue,
    Estimate IncrementalMargin,
    double ConversionMde,
    double RevenuePerCustomerMde,
    string Verdict);
