using System.Globalization;
using NodaTime;

namespace Crm.Segmentation.Internal;

/// <summary>Scores and assigns one customer at a time against a policy and the population's sorted values. Pure: no I/O.</summary>
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
    }

    public SegmentationPolicy Policy => _policy;

    public bool NeedsProfile => _needsProfile;

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

    public static RfmInput InputOf(CustomerMetrics metrics, YearMonth first, YearMonth last) =>
        new(metrics.CustomerId, metrics.FirstPurchaseAt, metrics.LastPurchaseAt, metrics.PurchasesBetween(first, last), metrics.SpendBetween(first, last));

    public CustomerSegments Evaluate(
        CustomerMetrics metrics,
        CustomerProfile? profile,
        JournalSummary? journal,
        Population population,
        Instant asOf,
        string runId)
    {
        var asOfDate = LocalDate(asOf);
        var (first, last) = Window(asOf);
        var recency = RecencyDays(metrics.FirstPurchaseAt, metrics.LastPurchaseAt, asOf, asOfDate);
        var frequency = metrics.PurchasesBetween(first, last);
        var monetary = metrics.SpendBetween(first, last);
        var facts = new SegmentFacts
        {
            Metrics = metrics,
            Profile = profile,
            AsOfDate = asOfDate,
            RecencyDays = recency,
            DaysSinceFirst = recency is null ? null : Period.DaysBetween(LocalDate(metrics.FirstPurchaseAt!.Value), asOfDate),
            Frequency = frequency,
            Monetary = monetary.Amount,
        };

        if (recency is { } days)
        {
            var minor = monetary.ToMinorUnits();
            if (_policy.Rfm is { } rfm)
            {
                var (r, f, m) = Scores(rfm, population, days, frequency, minor, monetary.Amount);
                var score = new RfmScore(days, frequency, monetary, r, f, m);
                facts.Rfm = score;
                if (_map?[r, f] is { } name)
                {
                    facts.Assigned.Add(new SegmentAssignment(name, SegmentKind.Rfm, string.Create(
                        CultureInfo.InvariantCulture,
                        $"R{r} F{f} M{m} (cell {r}{f}) is {name}: last purchase {days} days before {asOfDate:uuuu-MM-dd}, {frequency} purchases and {monetary} net in {first:uuuu-MM} to {last:uuuu-MM}")));
                }
            }

            if (_policy.ValueTiers is { } value)
            {
                facts.Assigned.Add(Band(value, SegmentKind.ValueTier, "net spend in the window", monetary.Amount, monetary.ToString(), population.MoreMoney(minor), population.Count));
            }

            if (_policy.FrequencyTiers is { } frequencyTiers)
            {
                facts.Assigned.Add(Band(frequencyTiers, SegmentKind.FrequencyTier, "purchases in the window", frequency, frequency.ToString(CultureInfo.InvariantCulture), population.MorePurchases(frequency), population.Count));
            }

            if (_policy.Preferences is { } preferences)
            {
                Preferences(preferences, metrics, journal, facts);
            }
        }

        if (_policy.Lifecycle is { } lifecycle)
        {
            facts.Assigned.Add(Lifecycle(lifecycle, metrics, recency, facts.DaysSinceFirst, last));
        }

        foreach (var rule in _policy.Rules)
        {
            if (!facts.Has(rule.Name) && rule.When.Evaluate(facts))
            {
                facts.Assigned.Add(new SegmentAssignment(rule.Name, SegmentKind.Rule, $"rule {rule.Name}: {rule.When.Describe(facts)}"));
            }
        }

        return new CustomerSegments
        {
            CustomerId = metrics.CustomerId,
            RunId = runId,
            AsOf = asOf,
            Rfm = facts.Rfm,
            Assignments = [.. facts.Assigned],
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

    private static SegmentAssignment Band(TierBands bands, SegmentKind kind, string what, decimal value, string shown, int higher, int population)
    {
        foreach (var band in bands.Bands)
        {
            if (band.TopShare is { } share && higher < share * population)
            {
                return new SegmentAssignment(band.Name, kind, string.Create(
                    CultureInfo.InvariantCulture,
                    $"{what} {shown}: {higher} of {population} customers have more, within the top {Pct(share, 0)}"));
            }

            if (band.Minimum is { } minimum && value >= minimum)
            {
                return new SegmentAssignment(band.Name, kind, string.Create(CultureInfo.InvariantCulture, $"{what} {shown} is at least {minimum}"));
            }
        }

        return new SegmentAssignment(bands.Otherwise, kind, string.Create(CultureInfo.InvariantCulture, $"{what} {shown} is in no higher band ({higher} of {population} customers have more)"));
    }

    private void Preferences(PreferenceSettings preferences, CustomerMetrics metrics, JournalSummary? journal, SegmentFacts facts)
    {
        var net = metrics.NetSpend.Amount;
        if (preferences.CategoryMinimumShare is { } minimum && net > 0m)
        {
            CategorySpend? best = null;
            foreach (var c in metrics.Categories)
            {
                if (best is null || c.NetSpend.Amount > best.Value.NetSpend.Amount)
                {
                    best = c;
                }
            }

            if (best is { } top && top.NetSpend.Amount / net is var share && share >= minimum && !facts.Has(preferences.CategoryPrefix + top.Category))
            {
                facts.Assigned.Add(new SegmentAssignment(preferences.CategoryPrefix + top.Category, SegmentKind.Preference, string.Create(
                    CultureInfo.InvariantCulture,
                    $"{top.Category} is {Pct(share, 1)} of net spend {metrics.NetSpend} (at least {Pct(minimum, 0)})")));
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
                facts.Assigned.Add(new SegmentAssignment(part.Name, SegmentKind.Preference, string.Create(
                    CultureInfo.InvariantCulture,
                    $"{journal.Dayparts[i]} of {journal.Purchases} purchases ({Pct(share, 1)}) between {part.From:HH:mm} and {part.To:HH:mm} local time (at least {Pct(preferences.DaypartMinimumShare, 0)})")));
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
                    facts.Assigned.Add(new SegmentAssignment("channel-" + CrmJsonNames.Camel(channel.ToString()), SegmentKind.Preference, string.Create(
                        CultureInfo.InvariantCulture,
                        $"{journal.Channels[c]} of {journal.Purchases} purchases ({Pct(share, 1)}) on {channel} (at least {Pct(channelMinimum, 0)})")));
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

    private static SegmentAssignment Lifecycle(LifecycleSettings settings, CustomerMetrics metrics, int? recency, int? sinceFirst, YearMonth asOfMonth)
    {
        if (recency is not { } days || sinceFirst is not { } first)
        {
            return new SegmentAssignment("lifecycle-prospect", SegmentKind.Lifecycle, "no purchase at or before the as-of instant");
        }

        if (first <= settings.NewDays)
        {
            return new SegmentAssignment("lifecycle-new", SegmentKind.Lifecycle, string.Create(CultureInfo.InvariantCulture, $"first purchase {first} days ago (new for {settings.NewDays} days)"));
        }

        if (days <= settings.ActiveDays)
        {
            // The latest two months with purchases, up to the as-of month.
            YearMonth? latest = null, previous = null;
            foreach (var month in metrics.Months)
            {
                if (month.PurchaseCount > 0 && month.Month.CompareTo(asOfMonth) <= 0)
                {
                    previous = latest;
                    latest = month.Month;
                }
            }

            if (latest is { } l && previous is { } p && MonthsBetween(p, l) - 1 is var gap && gap >= settings.WonBackGapMonths)
            {
                return new SegmentAssignment("lifecycle-won-back", SegmentKind.Lifecycle, string.Create(
                    CultureInfo.InvariantCulture,
                    $"bought again in {l:uuuu-MM} after {gap} months without purchases (at least {settings.WonBackGapMonths}); last purchase {days} days ago"));
            }

            return new SegmentAssignment("lifecycle-active", SegmentKind.Lifecycle, string.Create(CultureInfo.InvariantCulture, $"last purchase {days} days ago (at most {settings.ActiveDays})"));
        }

        return days <= settings.LapsedDays
            ? new SegmentAssignment("lifecycle-at-risk", SegmentKind.Lifecycle, string.Create(CultureInfo.InvariantCulture, $"last purchase {days} days ago (more than {settings.ActiveDays}, at most {settings.LapsedDays})"))
            : new SegmentAssignment("lifecycle-lapsed", SegmentKind.Lifecycle, string.Create(CultureInfo.InvariantCulture, $"last purchase {days} days ago (more than {settings.LapsedDays})"));
    }

    private static string Pct(decimal share, int decimals) => decimal.Round(share * 100m, decimals).ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) + "%";

    private static int MonthsBetween(YearMonth from, YearMonth to) => ((to.Year - from.Year) * 12) + to.Month - from.Month;
}
