using System.Globalization;
using Crm.Internal;
using NodaTime;

namespace Crm.Membership.Internal;

/// <summary>Pure tier arithmetic: window bounds, totals from monthly sums, the qualifying rank, explanations.</summary>
internal sealed class TierEvaluator(TierPolicy policy, DateTimeZone zone, Currency currency)
{
    private static TextCatalog Texts => TextCatalog.Package;

    public TierPolicy Policy { get; } = policy;

    /// <summary>Gets a value indicating whether the window does not fall on month boundaries, so its totals are summed by the store over a time range.</summary>
    public bool NeedsTimeRange => Policy.Window is RollingDaysWindow or SinceTierReachedWindow;

    public bool NeedsPoints { get; } = policy.Tiers.Any(t => t.Thresholds.Any(h => h.Metric == TierMetric.PointsEarned));

    /// <summary>The window as of an instant: its start, its end, and the last local day that counts (for deadlines).</summary>
    public (Instant From, Instant To, LocalDate? Deadline) Window(Instant asOf, MemberState? state)
    {
        var today = asOf.InZone(zone).Date;
        return Policy.Window switch
        {
            RollingMonthsWindow months => (today.With(DateAdjusters.StartOfMonth).PlusMonths(1 - months.Months).AtStartOfDayInZone(zone).ToInstant(), asOf, null),
            CalendarYearWindow => (new LocalDate(today.Year, 1, 1).AtStartOfDayInZone(zone).ToInstant(), asOf, new LocalDate(today.Year, 12, 31)),
            RollingDaysWindow days => (today.PlusDays(1 - days.Days).AtStartOfDayInZone(zone).ToInstant(), asOf, null),
            _ => (state?.ReachedAt ?? asOf, asOf, null),
        };
    }

    /// <summary>The window as of an instant, for explanations: "2026-01..2026-12", "2026", "the 30 days ...", "since ...".</summary>
    private string Label(Instant asOf, MemberState? state, CultureInfo culture)
    {
        var (from, to, _) = Window(asOf, state);
        var first = from.InZone(zone).Date;
        var last = to.InZone(zone).Date;
        return Policy.Window switch
        {
            RollingMonthsWindow => Texts.Format(culture, "Window.Months", first, last),
            CalendarYearWindow => Texts.Format(culture, "Window.Year", last.Year),
            RollingDaysWindow days => Texts.Format(culture, "Window.Days", days.Days, first, last),
            _ => Texts.Format(culture, "Window.Since", first),
        };
    }

    /// <summary>Totals from the monthly buckets (month windows only).</summary>
    public static TierWindowTotals FromMonths(CustomerMetrics metrics, YearMonth first, YearMonth last) =>
        new(metrics.SpendBetween(first, last).Amount, metrics.PurchasesBetween(first, last), 0);

    /// <summary>The highest tier whose thresholds the totals reach (0, the entry tier, when none).</summary>
    public int QualifyingRank(in TierWindowTotals totals)
    {
        var tiers = Policy.Tiers;
        for (var rank = tiers.Count - 1; rank > 0; rank--)
        {
            if (Reaches(tiers[rank], totals))
            {
                return rank;
            }
        }

        return 0;
    }

    /// <summary>Why the totals of the window as of an instant qualify for a rank, in a culture.</summary>
    public string Explain(in TierWindowTotals totals, int rank, Instant asOf, MemberState? state, CultureInfo culture)
    {
        var windowLabel = Label(asOf, state, culture);
        var tier = Policy.Tiers[rank];
        if (tier.Thresholds.Count == 0)
        {
            return Texts.Format(culture, "Explain.Entry", Describe(totals, culture), windowLabel, tier.Name);
        }

        var reached = string.Join(Texts.Get(culture, tier.Match == ThresholdMatch.All ? "List.And" : "List.Or"), tier.Thresholds.Select(t => Format(t.Metric, t.Minimum, culture)));
        return Texts.Format(culture, "Explain.Reach", Describe(totals, culture), windowLabel, tier.Name, reached);
    }

    public string Format(TierMetric metric, decimal value, CultureInfo culture) => metric switch
    {
        TierMetric.NetSpend => Texts.Format(culture, "Metric.NetSpend", new Money(value, currency)),
        TierMetric.PurchaseCount => Texts.Format(culture, "Metric.PurchaseCount", value),
        _ => Texts.Format(culture, "Metric.PointsEarned", value),
    };

    private string Describe(in TierWindowTotals totals, CultureInfo culture)
    {
        var parts = new List<string> { Format(TierMetric.NetSpend, totals.NetSpend, culture), Format(TierMetric.PurchaseCount, totals.PurchaseCount, culture) };
        if (NeedsPoints)
        {
            parts.Add(Format(TierMetric.PointsEarned, totals.PointsEarned, culture));
        }

        return string.Join(Texts.Get(culture, "List.Separator"), parts);
    }

    private static bool Reaches(TierDefinition tier, in TierWindowTotals totals)
    {
        var all = tier.Match == ThresholdMatch.All;
        var thresholds = tier.Thresholds;
        for (var i = 0; i < thresholds.Count; i++)
        {
            var met = totals.ValueOf(thresholds[i].Metric) >= thresholds[i].Minimum;
            if (met != all)
            {
                return met;
            }
        }

        return all;
    }
}
