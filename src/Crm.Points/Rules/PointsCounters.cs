using System.Globalization;
using NodaTime;

namespace Crm.Points;

/// <summary>The names of the award counters kept in <see cref="PointsAccount.Counters"/>.</summary>
internal static class PointsCounters
{
    public const string FirstPurchase = "firstPurchase";

    public const string DayPrefix = "day:";

    public static string Birthday(int year) => "birthday:" + year.ToString(CultureInfo.InvariantCulture);

    public static string Day(LocalDate date) => DayPrefix + date.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture);

    public static string Event(string name) => "event:" + name;
}
