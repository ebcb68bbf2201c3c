using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;

namespace Crm.Feedback.Tests.Tickets;

/// <summary>SLA time in business hours, in Asia/Shanghai (UTC+8, no daylight saving), checked against hand-counted hours.</summary>
public sealed class BusinessHoursTests
{
    private static readonly DateTimeZone Shanghai = FeedbackWorld.Shanghai;

    private static readonly BusinessHours EveryDay = new() { Opens = "09:00", Closes = "22:00" };

    private static readonly BusinessHours Weekdays = new()
    {
        Opens = "09:00",
        Closes = "22:00",
        Days = [IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Thursday, IsoDayOfWeek.Friday],
    };

    private static Instant L(int day, int hour, int minute) => FeedbackWorld.Local(2026, 6, day, hour, minute);

    [Fact]
    public void AddBusinessTime_Friday2130TwoHours_IsSaturday1030()
    {
        new LocalDate(2026, 6, 5).DayOfWeek.Should().Be(IsoDayOfWeek.Friday);

        // 30 minutes on Friday before 22:00, the other 90 from 9:00 on Saturday.
        EveryDay.AddBusinessTime(L(5, 21, 30), Duration.FromHours(2), Shanghai).Should().Be(L(6, 10, 30));
    }

    [Fact]
    public void AddBusinessTime_WeekdaysOnly_SkipsTheWeekend()
    {
        Weekdays.AddBusinessTime(L(5, 21, 30), Duration.FromHours(2), Shanghai).Should().Be(L(8, 10, 30));
    }

    [Fact]
    public void AddBusinessTime_BeforeOpening_StartsAtOpening()
    {
        EveryDay.AddBusinessTime(L(5, 7, 0), Duration.FromHours(2), Shanghai).Should().Be(L(5, 11, 0));
    }

    [Fact]
    public void AddBusinessTime_EndsExactlyAtClosing_IsClosing()
    {
        EveryDay.AddBusinessTime(L(5, 21, 30), Duration.FromMinutes(30), Shanghai).Should().Be(L(5, 22, 0));
    }

    [Fact]
    public void AddBusinessTime_FortyEightHours_SpansFourDays()
    {
        // Fri 0.5 h + Sat 13 h + Sun 13 h + Mon 13 h = 39.5 h; 8.5 h more from 9:00 on Tuesday.
        EveryDay.AddBusinessTime(L(5, 21, 30), Duration.FromHours(48), Shanghai).Should().Be(L(9, 17, 30));
    }

    [Fact]
    public void AddBusinessTime_AcrossMidnightInShanghaiNotUtc_UsesTheLocalDay()
    {
        // 23:30 on Friday in Shanghai is 15:30 UTC, inside 9-22 if the hours were read in UTC; in Shanghai it is after closing.
        var late = L(5, 23, 30);
        late.InUtc().Hour.Should().Be(15);

        EveryDay.AddBusinessTime(late, Duration.FromHours(1), Shanghai).Should().Be(L(6, 10, 0));
    }

    [Fact]
    public void DueAt_NoBusinessHours_RunsRoundTheClock()
    {
        FeedbackPolicy.Default.DueAt(L(5, 23, 30), Duration.FromHours(2), Shanghai).Should().Be(L(6, 1, 30));
    }

    [Property(MaxTest = 500)]
    public Property DueInstant_IsNotBeforeStartAndFallsInBusinessHours_Holds(int startMinutes, byte hours)
    {
        var start = L(1, 0, 0) + Duration.FromMinutes(Math.Abs(startMinutes % (60 * 24 * 60)));
        var within = Duration.FromMinutes((hours % 100) * 37);
        var due = Weekdays.AddBusinessTime(start, within, Shanghai);
        var local = due.InZone(Shanghai).LocalDateTime;
        var inHours = local.DayOfWeek <= IsoDayOfWeek.Friday && local.TimeOfDay >= new LocalTime(9, 0) && local.TimeOfDay <= new LocalTime(22, 0);
        return (due >= start && (inHours || within == Duration.Zero)).Label($"{start} + {within} = {due}");
    }

    [Property(MaxTest = 300)]
    public Property BusinessTimeCountedMinuteByMinute_EqualsTheSla_Holds(int startMinutes, byte hours)
    {
        var start = L(1, 0, 0) + Duration.FromMinutes(Math.Abs(startMinutes % (60 * 24 * 30)));
        var within = Duration.FromMinutes((hours % 40) * 30);
        var due = Weekdays.AddBusinessTime(start, within, Shanghai);

        // Independent count: walk minute by minute and count the minutes that lie in business hours.
        var counted = 0;
        for (var t = start; t < due; t += Duration.FromMinutes(1))
        {
            var local = t.InZone(Shanghai).LocalDateTime;
            counted += local.DayOfWeek <= IsoDayOfWeek.Friday && local.TimeOfDay >= new LocalTime(9, 0) && local.TimeOfDay < new LocalTime(22, 0) ? 1 : 0;
        }

        return (Duration.FromMinutes(counted) == within).Label($"{start} + {within} = {due}, counted {counted} min");
    }

    [Fact]
    public void FromJson_ClosesBeforeOpens_IsRefusedAtItsPath()
    {
        var act = () => FeedbackPolicy.FromJson("""{ "businessHours": { "opens": "22:00", "closes": "09:00" } }""");

        act.Should().Throw<CrmValidationException>().Where(e => e.ErrorCode == CrmErrorCodes.RulesInvalid && e.Field == "$.businessHours.closes");
    }

    [Fact]
    public void FromJson_TwoDefaultTargets_IsRefusedAtItsPath()
    {
        var act = () => FeedbackPolicy.FromJson("""{ "slaTargets": [ { "acknowledgeWithinHours": 1 }, { "acknowledgeWithinHours": 3 } ] }""");

        act.Should().Throw<CrmValidationException>().Where(e => e.Field == "$.slaTargets[1].category");
    }
}
