using NodaTime;

namespace Crm.Churn;

/// <summary>How <see cref="TransactionSummary"/> turns purchases into histories: the period and the time unit.</summary>
/// <remarks>
/// Times in the summaries are whole periods divided by <see cref="PeriodsPerUnit"/>: <see cref="SummaryPeriod.Day"/>
/// with 1 gives days, and with 7 gives weeks counted from whole days (how the CDNOW summaries of Fader, Hardie and Lee
/// are made: 30.43 weeks is 213 days); <see cref="SummaryPeriod.Week"/> with 1 gives whole calendar weeks.
/// </remarks>
public sealed record TransactionSummaryOptions
{
    /// <summary>Gets the period into which purchases are collapsed: several purchases in one period count as one.</summary>
    /// <value>The default value is <see cref="SummaryPeriod.Day"/>.</value>
    public SummaryPeriod Period { get; init; } = SummaryPeriod.Day;

    /// <summary>Gets the number of periods in one time unit of the summaries (lifetimes' <c>freq_multiplier</c>).</summary>
    /// <value>The default value is 1.</value>
    public int PeriodsPerUnit { get; init; } = 1;

    /// <summary>Gets the time zone whose local calendar defines the periods (the shop's zone).</summary>
    /// <value>The default value is <see cref="DateTimeZone.Utc"/>.</value>
    public DateTimeZone Zone { get; init; } = DateTimeZone.Utc;
}
