namespace Crm.Membership;

/// <summary>The current local calendar year, from 1 January.</summary>
/// <remarks>Summed from the monthly buckets of <see cref="CustomerMetrics"/>: cheap. Its deadline for progress is 31 December.</remarks>
public sealed class CalendarYearWindow : QualificationWindow
{
}
