using System.Globalization;
using NodaTime;

namespace Crm.Points;

/// <summary>Multiplies the points of purchases on a member day: a weekday ("every Tuesday") or a day of the month, in the programme's time zone.</summary>
/// <remarks>Set exactly one of <see cref="DayOfWeek"/> and <see cref="DayOfMonth"/>. A day of the month a month lacks (31) does not occur in it.</remarks>
public sealed class MemberDayMultiplier : EarnMultiplier
{
    /// <summary>Gets the weekday, or <see langword="null"/> when <see cref="DayOfMonth"/> is set.</summary>
    public IsoDayOfWeek? DayOfWeek { get; init; }

    /// <summary>Gets the day of the month (1 to 31), or <see langword="null"/> when <see cref="DayOfWeek"/> is set.</summary>
    public int? DayOfMonth { get; init; }

    /// <summary>Gets the factor (above 0, at most 100).</summary>
    public required decimal Factor { get; init; }

    internal override decimal FactorFor(in EarnScope scope) =>
        (DayOfWeek is { } weekday && scope.Local.DayOfWeek == weekday) || (DayOfMonth is { } day && scope.Local.Day == day) ? Factor : 1m;

    private protected override string Describe(CultureInfo culture) =>
        DayOfWeek is { } weekday
            ? Texts.Format(culture, "Earn.MemberWeekday", Texts.Get(culture, "Weekday." + weekday), Format(Factor, culture))
            : Texts.Format(culture, "Earn.MemberDayOfMonth", DayOfMonth, Format(Factor, culture));

    internal override (string Field, string Message)? Check()
    {
        if (DayOfWeek.HasValue == DayOfMonth.HasValue)
        {
            return ("dayOfWeek", "A member day needs exactly one of dayOfWeek and dayOfMonth.");
        }

        if (DayOfWeek is { } weekday && (weekday == IsoDayOfWeek.None || !Enum.IsDefined(weekday)))
        {
            return ("dayOfWeek", "The weekday is not valid.");
        }

        if (DayOfMonth is < 1 or > 31)
        {
            return ("dayOfMonth", $"The day of the month {DayOfMonth} is out of range (1 to 31).");
        }

        return CheckFactor(Factor);
    }
}
