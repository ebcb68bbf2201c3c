namespace Crm.Churn;

/// <summary>The period into which <see cref="TransactionSummary"/> collapses purchases (lifetimes' <c>freq</c>).</summary>
public enum SummaryPeriod
{
    /// <summary>A local calendar day in <see cref="TransactionSummaryOptions.Zone"/> (lifetimes' <c>freq='D'</c>).</summary>
    Day = 0,

    /// <summary>A local calendar week from Monday to Sunday in <see cref="TransactionSummaryOptions.Zone"/> (lifetimes' <c>freq='W'</c>, pandas' <c>W-SUN</c>).</summary>
    Week = 1,
}
