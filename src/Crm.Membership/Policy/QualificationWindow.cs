using System.Text.Json.Serialization;

namespace Crm.Membership;

/// <summary>
/// The period over which tier metrics are summed, in the programme's time zone. Written in JSON with a
/// <c>kind</c>: <c>rollingDays</c>, <c>rollingMonths</c>, <c>calendarYear</c> or <c>sinceTierReached</c>.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(RollingDaysWindow), "rollingDays")]
[JsonDerivedType(typeof(RollingMonthsWindow), "rollingMonths")]
[JsonDerivedType(typeof(CalendarYearWindow), "calendarYear")]
[JsonDerivedType(typeof(SinceTierReachedWindow), "sinceTierReached")]
public abstract class QualificationWindow
{
    private protected QualificationWindow()
    {
    }
}
