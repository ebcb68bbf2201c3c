namespace Crm.Churn;

/// <summary>
/// One customer's purchases summarised as lifetimes' <c>summary_data_from_transaction_data</c> does: frequency, recency,
/// age (T) and average repeat spend, in the time unit of <see cref="TransactionSummaryOptions"/>.
/// </summary>
public sealed record CustomerPurchaseSummary
{
    /// <summary>Gets the customer.</summary>
    public required CustomerId CustomerId { get; init; }

    /// <summary>Gets the number of repeat purchase periods, x: the periods with a purchase, less the first.</summary>
    public required int Frequency { get; init; }

    /// <summary>Gets the time from the first purchase period to the last, t_x (0 when <see cref="Frequency"/> is 0).</summary>
    public required double Recency { get; init; }

    /// <summary>Gets the time from the first purchase period to the last period of observation, T.</summary>
    public required double Age { get; init; }

    /// <summary>
    /// Gets the mean value of the repeat purchase periods, each the sum of its purchases; the first period is left out, and
    /// the value is 0 when <see cref="Frequency"/> is 0 (lifetimes' <c>monetary_value</c>).
    /// </summary>
    public required double AverageRepeatValue { get; init; }

    /// <summary>Gets the history as the BG/NBD model reads it.</summary>
    public CustomerSummary History => new(Frequency, Recency, Age);

    /// <summary>Gets the spend as the Gamma-Gamma model reads it.</summary>
    public SpendSummary Spend => new(Frequency, AverageRepeatValue);
}
