using System.Globalization;
using Crm.Internal;
using NodaTime;

namespace Crm.Segmentation.Internal;

/// <summary>Scores and assigns one customer at a time against a policy and the population's sorted values. Pure: no I/O.</summary>
internal sealed record RunContext(Instant AsOf, LocalDate AsOfDate, YearMonth First, YearMonth Last, string RunId, CultureInfo Culture);

internal sealed class SegmentEngine
{
    private readonly SegmentationPolicy _policy;
    private readonly DateTimeZone _zone;
    private readonly Currency _currency;
    private readonly string?[,]? _map;
    private readonly bool _needsProfile;

    public SegmentEngine(SegmentationPolicy policy, DateTimeZone zone, Currency currency)
    {
        _policy = policy;
        _zone = zone;
        _currency = currency;
        if (policy.Rfm is { Map.Count: > 0 } rfm)
        {
            _map = new string?[rfm.Bins + 1, rfm.Bins + 1];
            foreach (var segment in rfm.Map)
            {
                foreach (var cell in segment.Cells)
                {
                    _map[cell[0] - '0', cell[1] - '0'] = segment.Name;
                }
            }
        }

        _needsProfile = policy.Rules.Any(r => r.When.NeedsProfile);
        NeedsTier = policy.Rules.Any(r => r.When.NeedsTier);
    }

    public SegmentationPolicy Policy => _policy;

    public bool NeedsProfile => _needsProfile;

    /// <summary>Whether a rule reads the customer's membership tier.</summary>
    public bool NeedsTier { get; }

    public bool NeedsJournal => _policy.Preferences?.NeedsJournal == true;

    /// <summary>Whether any part needs the population's sorted values (a first pass).</summary>
    public bool NeedsPopulation =>
        _policy.Rfm?.Scoring == RfmScoringMethod.Quantiles
        || _policy.ValueTiers?.Bands.Any(b => b.TopShare is not null) == true
        || _policy.FrequencyTiers?.Bands.Any(b => b.TopShare is not null) == true;

    public int WindowMonths => _policy.Rfm?.WindowMonths ?? 12;

    public (YearMonth First, YearMonth Last) Window(Instant asOf)
    {
        var last = asOf.InZone(_zone).Date.ToYearMonth();
        return (last.PlusMonths(-(WindowMonths - 1)), last);
    }

    public LocalDate LocalDate(Instant instant) => instant.InZone(_zone).Date;

    /// <summary>Days from the last purchase to the as-of date, or null when there is no purchase at or before the as-of instant.</summary>
    public int? RecencyDays(Instant? first, Instant? last, Instant asOf, LocalDate asOfDate)
    {
        if (first is not { } f || last is not { } l || f > asOf)
        {
            return null;
        }

        return Math.Max(0, Period.DaysBetween(LocalDate(l), asOfDate));
    }

    /// <summary>What is the same for every customer of a run, computed once (dates, window, the culture its explanations are written in).</summary>
    public RunContext Context(Instant asOf, string runId, CultureInfo? culture = null)
    {
        var (first, last) = Window(asOf);
        return new RunContext(asOf, LocalDate(asOf), first, last, runId, culture ?? CultureInfo.CurrentUICulture);
    }

    public CustomerSegments Evaluate(
        CustomerMetrics metrics,
        CustomerProfile? profile,
        JournalSummary? journal,
        Population population,
        RunContext context,
        CustomerTier? tier = null)
    {
        var (asOf, asOfDate, first, last, runId) = (context.AsOf, context.AsOfDate, context.First, context.Last, context.RunId);
        var recency = RecencyDays(metrics.FirstPurchaseAt, metrics.LastPurchaseAt, asOf, asOfDate);
        var frequency = metrics.PurchasesBetween(first, last);
        var monetary = metrics.SpendBetween(first, last);
        var facts = new SegmentFacts
        {
            Profile = profile,
            Tier = tier,
            AsOfDate = asOfDate,
            RecencyDays = recency,
            DaysSinceFirst = recency is null ? null : Period.DaysBetween(LocalDate(metrics.FirstPurchaseAt!.Value), asOfDate),
            Frequency = frequency,
            Monetary = monetary.Amount,
            PurchaseCount = metrics.PurchaseCount,
            NetSpend = metrics.NetSpend.Amount,
            Categories = metrics.Categories,
        };

        if (recency is { } days)
        {
            var minor = monetary.ToMinorUnits();
            if (_policy.Rfm is { } rfm)
            {
                var (r, f, m) = Scores(rfm, population, days, frequency, minor, monetary.Amount);
                var score = new RfmScore { RecencyDays = days, Frequency = frequency, Monetary = monetary, R = r, F = f, M = m };
                facts.Rfm = score;
                if (_map?[r, f] is { } name)
                {
                    facts.Assigned.Add(new SegmentAssignment(name, SegmentKind.Rfm, new RfmExplainer(score, name, context)));
                }
            }

            if (_policy.ValueTiers is { } value)
            {
                facts.Assigned.Add(Band(value, SegmentKind.ValueTier, monetary.Amount, monetary, 0, population.MoreMoney(minor), population.Count, context.Culture));
            }

            if (_policy.FrequencyTiers is { } frequencyTiers)
            {
                facts.Assigned.Add(Band(frequencyTiers, SegmentKind.FrequencyTier, frequency, null, frequency, population.MorePurchases(frequency), population.Count, context.Culture));
            }

            if (_policy.Preferences is { } preferences)
            {
                Preferences(preferences, metrics, journal, facts, context.Culture);
            }
        }

        if (_policy.Lifecycle is { } lifecycle)
        {
            facts.Assigned.Add(Lifecycle(lifecycle, metrics, recency, facts.DaysSinceFirst, last, context.Culture));
        }

        var rules = _policy.Rules;
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            if (!facts.Has(rule.Name) && rule.When.Evaluate(facts))
            {
                facts.Assigned.Add(new SegmentAssignment(rule.Name, SegmentKind.Rule, new RuleExplainer(rule, facts, facts.Assigned.Count, context.Culture)));
            }
        }

        return new CustomerSegments
        {
            CustomerId = metrics.CustomerId,
            RunId = runId,
            AsOf = asOf,
            Rfm = facts.Rfm,
            Assignments = facts.Assigned.ToArray(),
        };
    }

    private (int R, int F, int M) Scores(RfmSettings rfm, Population population, int days, int frequency, long minor, decimal money)
    {
        if (rfm.Scoring == RfmScoringMethod.Quantiles)
        {
            return (
                population.Score(population.LongerAgo(days), rfm.Bins),
                population.Score(population.FewerPurchases(frequency), rfm.Bins),
                population.Score(population.LessMoney(minor), rfm.Bins));
        }

        var t = rfm.Thresholds!;
        int r = 1, f = 1, m = 1;
        foreach (var d in t.RecencyDays)
        {
            r += days <= d ? 1 : 0;
        }

        foreach (var x in t.Frequency)
        {
            f += frequency >= x ? 1 : 0;
        }

        foreach (var x in t.Monetary)
        {
            m += money >= x ? 1 : 0;
        }

        return (r, f, m);
    }

    private static SegmentAssignment Band(TierBands bands, SegmentKind kind, decimal value, Money? money, int count, int higher, int population, CultureInfo culture)
    {
        foreach (var band in bands.Bands)
        {
            if ((band.TopShare is { } share && higher < share * population) || (band.Minimum is { } minimum && value >= minimum))
            {
                return new SegmentAssignment(band.Name, kind, new BandExplainer(band, money, count, higher, population, culture));
            }
        }

        return new SegmentAssignment(bands.Otherwise, kind, new BandExplainer(null, money, count, higher, population, culture));
    }

    private void Preferences(PreferenceSettings preferences, CustomerMetrics metrics, JournalSummary? journal, SegmentFacts facts, CultureInfo culture)
    {
        var net = metrics.NetSpend.Amount;
        if (preferences.CategoryMinimumShare is { } minimum && net > 0m)
        {
            CategorySpend? best = null;
            var categories = metrics.Categories;
            for (var i = 0; i < categories.Count; i++)
            {
                var c = categories[i];
                if (best is null || c.NetSpend.Amount > best.Value.NetSpend.Amount)
                {
                    best = c;
                }
            }

            if (best is { } top && top.NetSpend.Amount / net is var share && share >= minimum && !facts.Has(preferences.CategoryPrefix + top.Category))
            {
                facts.Assigned.Add(new SegmentAssignment(preferences.CategoryPrefix + top.Category, SegmentKind.Preference, new TextExplainer(
                    culture, "Segment.Category", top.Category, new Percent(share, 1), metrics.NetSpend, new Percent(minimum, 0))));
            }
        }

        if (journal is not { Purchases: > 0 })
        {
            return;
        }

        for (var i = 0; i < preferences.Dayparts.Count; i++)
        {
            var share = (decimal)journal.Dayparts[i] / journal.Purchases;
            if (share >= preferences.DaypartMinimumShare)
            {
                var part = preferences.Dayparts[i];
                facts.Assigned.Add(new SegmentAssignment(part.Name, SegmentKind.Preference, new TextExplainer(
                    culture, "Segment.Daypart", journal.Dayparts[i], journal.Purchases, new Percent(share, 1), part.From, part.To, new Percent(preferences.DaypartMinimumShare, 0))));
            }
        }

        if (preferences.ChannelMinimumShare is { } channelMinimum)
        {
            for (var c = 0; c < journal.Channels.Length; c++)
            {
                var share = (decimal)journal.Channels[c] / journal.Purchases;
                if (share >= channelMinimum)
                {
                    var channel = (SalesChannel)c;
                    facts.Assigned.Add(new SegmentAssignment("channel-" + CrmJsonNames.Camel(channel.ToString()), SegmentKind.Preference, new TextExplainer(
                        culture, "Segment.Channel", journal.Channels[c], journal.Purchases, new Percent(share, 1), new ChannelName(channel), new Percent(channelMinimum, 0))));
                }
            }
        }
    }

    public void AddToJournal(JournalSummary summary, ActivityEntry entry)
    {
        summary.Purchases++;
        var time = entry.OccurredAt.InZone(_zone).TimeOfDay;
        var parts = _policy.Preferences!.Dayparts;
        for (var i = 0; i < parts.Count; i++)
        {
            if (parts[i].Contains(time))
            {
                summary.Dayparts[i]++;
            }
        }

        var channel = (int)entry.Channel;
        if (channel >= 0 && channel < summary.Channels.Length)
        {
            summary.Channels[channel]++;
        }
    }

    private static SegmentAssignment Lifecycle(LifecycleSettings settings, CustomerMetrics metrics, int? recency, int? sinceFirst, YearMonth asOfMonth, CultureInfo culture)
    {
        if (recency is not { } days || sinceFirst is not { } first)
        {
            return new SegmentAssignment("lifecycle-prospect", SegmentKind.Lifecycle, new TextExplainer(culture, "Lifecycle.Prospect"));
        }

        if (first <= settings.NewDays)
        {
            return Stage("lifecycle-new", settings, days, first, default, 0, culture);
        }

        if (days <= settings.ActiveDays)
        {
            // The latest two months with purchases, up to the as-of month.
            YearMonth? latest = null, previous = null;
            var months = metrics.Months;
            for (var i = 0; i < months.Count; i++)
            {
                var month = months[i];
                if (month.PurchaseCount > 0 && month.Month.CompareTo(asOfMonth) <= 0)
                {
                    previous = latest;
                    latest = month.Month;
                }
            }

            if (latest is { } l && previous is { } p && MonthsBetween(p, l) - 1 is var gap && gap >= settings.WonBackGapMonths)
            {
                return Stage("lifecycle-won-back", settings, days, first, l, gap, culture);
            }

            return Stage("lifecycle-active", settings, days, first, default, 0, culture);
        }

        return Stage(days <= settings.LapsedDays ? "lifecycle-at-risk" : "lifecycle-lapsed", settings, days, first, default, 0, culture);
    }

    private static SegmentAssignment Stage(string stage, LifecycleSettings settings, int days, int sinceFirst, YearMonth latest, int gap, CultureInfo culture) =>
        new(stage, SegmentKind.Lifecycle, new LifecycleExplainer(stage, settings, days, sinceFirst, latest, gap, culture));


    private static int MonthsBetween(YearMonth from, YearMonth to) => ((to.Year - from.Year) * 12) + to.Month - from.Month;
}
