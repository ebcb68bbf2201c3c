namespace Crm.Membership;

/// <summary>The last N local calendar months, the current month included (12 = this month and the 11 before it).</summary>
/// <remarks>Summed from the monthly buckets of <see cref="CustomerMetrics"/>: cheap.</remarks>
public sealed class RollingMonthsWindow : QualificationWindow
{
    /// <summary>Gets the number of months, the current one included (1 to 120).</summary>
    public required int Months { get; init; }
}
