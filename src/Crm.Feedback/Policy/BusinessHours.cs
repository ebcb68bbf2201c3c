using System.Text.Json.Serialization;
using NodaTime;
using NodaTime.Text;

namespace Crm.Feedback;

/// <summary>
/// The hours in which SLA time runs: the same opening and closing time on each business day, in the programme's time
/// zone. A complaint heard after closing starts its clock at the next opening.
/// </summary>
/// <example><code language="json">{ "opens": "09:00", "closes": "22:00", "days": [ "monday", "tuesday", "wednesday", "thursday", "friday", "saturday" ] }</code></example>
public sealed class BusinessHours
{
    private static readonly LocalTimePattern Pattern = LocalTimePattern.CreateWithInvariantCulture("HH:mm");

    /// <summary>Gets the opening time, <c>HH:mm</c>.</summary>
    public required string Opens { get; init; }

    /// <summary>Gets the closing time, <c>HH:mm</c>, after <see cref="Opens"/> on the same day (no hours past midnight).</summary>
    public required string Closes { get; init; }

    /// <summary>Gets the business days.</summary>
    /// <value>The default value is every day of the week.</value>
    public IReadOnlyList<IsoDayOfWeek> Days { get; init; } =
        [IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Thursday, IsoDayOfWeek.Friday, IsoDayOfWeek.Saturday, IsoDayOfWeek.Sunday];

    [JsonIgnore]
    internal LocalTime OpensAt => Pattern.Parse(Opens).Value;

    [JsonIgnore]
    internal LocalTime ClosesAt => Pattern.Parse(Closes).Value;

    /// <summary>
    /// Gets the instant by which <paramref name="within"/> of business time has passed since <paramref name="start"/>:
    /// time outside the hours (nights, days that are not business days) does not count.
    /// </summary>
    /// <param name="start">When the clock starts (such as a complaint's opening).</param>
    /// <param name="within">The business time allowed, not negative.</param>
    /// <param name="zone">The time zone the hours are in (the programme's).</param>
    /// <returns>The due instant: never before <paramref name="start"/>, and within business hours (closing time included).</returns>
    /// <remarks>
    /// A day's hours are mapped to instants leniently: an opening that falls in a daylight-saving gap moves forward, so a
    /// day's business time is its real length. The hours must be valid (<see cref="FeedbackPolicy.Validate"/>).
    /// </remarks>
    public Instant AddBusinessTime(Instant start, Duration within, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentOutOfRangeException.ThrowIfLessThan(within, Duration.Zero);
        var opens = OpensAt;
        var closes = ClosesAt;
        var days = new HashSet<IsoDayOfWeek>(Days);
        var remaining = within;
        var date = start.InZone(zone).Date;

        // At least one business day a week, so a year of days covers any SLA of up to about 50 weeks of business time.
        for (var i = 0; i < 3700; i++, date = date.PlusDays(1))
        {
            if (!days.Contains(date.DayOfWeek))
            {
                continue;
            }

            var windowStart = (date + opens).InZoneLeniently(zone).ToInstant();
            var windowEnd = (date + closes).InZoneLeniently(zone).ToInstant();
            if (windowEnd <= start)
            {
                continue;
            }

            var from = start > windowStart ? start : windowStart;
            var available = windowEnd - from;
            if (remaining <= available)
            {
                return from + remaining;
            }

            remaining -= available;
        }

        throw new ArgumentOutOfRangeException(nameof(within), within, "The business time runs past ten years of business days.");
    }

    /// <summary>Checks the hours.</summary>
    internal void Validate(string path)
    {
        if (Opens is null || !Pattern.Parse(Opens).Success)
        {
            throw FeedbackPolicy.Invalid($"{path}.opens", $"'{Opens}' is not a time of day as HH:mm.");
        }

        if (Closes is null || !Pattern.Parse(Closes).Success)
        {
            throw FeedbackPolicy.Invalid($"{path}.closes", $"'{Closes}' is not a time of day as HH:mm.");
        }

        if (ClosesAt <= OpensAt)
        {
            throw FeedbackPolicy.Invalid($"{path}.closes", $"The hours close ({Closes}) at or before they open ({Opens}); hours past midnight are not supported.");
        }

        if (Days is null || Days.Count == 0 || Days.Any(d => d is < IsoDayOfWeek.Monday or > IsoDayOfWeek.Sunday))
        {
            throw FeedbackPolicy.Invalid($"{path}.days", "Name at least one business day, each a day of the week.");
        }
    }
}
