using Crm.Churn;
using Crm.Membership;
using Crm.Points;
using Crm.Segmentation;
using Crm.Storage.InMemory;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Crm.Simulation.Internal;

/// <summary>
/// Replays the host's journal into one fresh world: from the journal's start to the period's start under the baseline's rules
/// (the warm-up that builds the state at the start of the period), then the period under the scenario's rules, then the
/// end-of-period jobs. Facts go through the world's <see cref="CrmManager"/> in the order they happened, with the world's clock
/// set to each one's instant.
/// </summary>
internal sealed class ScenarioRunner
{
    private readonly HostSetup _host;
    private readonly IActivityStore _hostActivity;
    private readonly ICustomerStore _hostCustomers;
    private readonly IConsentStore _hostConsents;
    private readonly Func<CustomerId, bool> _filter;
    private readonly DateTimeZone _zone;
    private readonly Instant _fromInstant;
    private readonly Instant _endInstant;
    private readonly YearMonth _fromMonth;
    private readonly YearMonth _toMonth;
    private readonly SimulationOptions _options;
    private readonly IProgress<SimulationProgress>? _progress;

    public ScenarioRunner(HostSetup host, IActivityStore hostActivity, ICustomerStore hostCustomers, IConsentStore hostConsents, Func<CustomerId, bool> filter, SimulationRequest request, SimulationOptions options, IProgress<SimulationProgress>? progress)
    {
        _host = host;
        _hostActivity = hostActivity;
        _hostCustomers = hostCustomers;
        _hostConsents = hostConsents;
        _filter = filter;
        _zone = host.Crm.TimeZone ?? throw new InvalidOperationException("CrmOptions.TimeZone is not set.");
        _fromInstant = request.From.AtStartOfDayInZone(_zone).ToInstant();
        _endInstant = request.To.PlusDays(1).AtStartOfDayInZone(_zone).ToInstant();
        _fromMonth = request.From.ToYearMonth();
        _toMonth = request.To.ToYearMonth();
        _options = options;
        _progress = progress;
    }

    public async Task<ScenarioRun> RunAsync(string name, int index, int count, SimulationCandidate? candidate, Func<string, IServiceProvider, Task>? inspect, CancellationToken cancellationToken)
    {
        using var span = SimulationTelemetry.Source.StartActivity("crm.simulation.scenario");
        span?.SetTag("crm.simulation.scenario", name);
        var state = new State(this, name, index, count, candidate);
        try
        {
            state.World = World.Build(_host, state.Database, state.Clock, null);
            Report(state, SimulationPhase.Warmup);
            var from = _host.Crm.EarliestFactInstant;
            var to = _endInstant - Duration.Epsilon;
            JournalPosition? after = null;
            while (true)
            {
                var page = await _hostActivity.ListEntriesAsync(from, to, after, _options.PageSize, null, cancellationToken).ConfigureAwait(false);
                if (page.Count == 0)
                {
                    break;
                }

                foreach (var entry in page)
                {
                    if (!_filter(entry.CustomerId))
                    {
                        continue;
                    }

                    if (entry.Kind == ActivityKind.Refund)
                    {
                        // Refunds are listed with their purchase; they are replayed when they happened, among the later purchases.
                        if (entry.OccurredAt < _endInstant)
                        {
                            state.Refunds.Enqueue(entry, (entry.OccurredAt, state.RefundOrder++));
                        }

                        continue;
                    }

                    while (state.Refunds.TryPeek(out var refund, out var at) && at.Item1 <= entry.OccurredAt)
                    {
                        state.Refunds.Dequeue();
                        await ApplyAsync(state, refund, cancellationToken).ConfigureAwait(false);
                    }

                    await ApplyAsync(state, entry, cancellationToken).ConfigureAwait(false);
                }

                Report(state, state.InPeriod ? SimulationPhase.Period : SimulationPhase.Warmup);
                after = JournalPosition.Of(page[^1]);
                if (page.Count < _options.PageSize)
                {
                    break;
                }
            }

            while (state.Refunds.TryDequeue(out var refund, out _))
            {
                await ApplyAsync(state, refund, cancellationToken).ConfigureAwait(false);
            }

            await AdvanceToAsync(state, _endInstant, cancellationToken).ConfigureAwait(false);
            await SwitchToPeriodAsync(state).ConfigureAwait(false);
            if (_endInstant.InZone(_zone).Date.ToYearMonth() == _toMonth)
            {
                // The period ends inside a month: its jobs run at the period's end.
                await RunMonthlyJobsAsync(state, _endInstant, _toMonth, cancellationToken).ConfigureAwait(false);
            }

            Report(state, SimulationPhase.Report);
            var result = await FinishAsync(state, cancellationToken).ConfigureAwait(false);
            if (inspect is not null)
            {
                await inspect(name, state.World.Services).ConfigureAwait(false);
            }

            return result;
        }
        finally
        {
            if (state.World is not null)
            {
                await state.World.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task ApplyAsync(State state, ActivityEntry entry, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await AdvanceToAsync(state, entry.OccurredAt, cancellationToken).ConfigureAwait(false);
        if (entry.OccurredAt >= _fromInstant)
        {
            await SwitchToPeriodAsync(state).ConfigureAwait(false);
        }

        if (state.Copied.Add(entry.CustomerId) && await _hostCustomers.FindAsync(entry.CustomerId, cancellationToken).ConfigureAwait(false) is { } profile)
        {
            // Profiles (birthday, joining date) and consent records are read from the host and copied; the host's stores are not written.
            await state.World!.Customers.CreateAsync(profile with { Version = 0 }, cancellationToken).ConfigureAwait(false);

            // The world's clock replays the past: a record counts from the instant the customer gave it, as if recorded then.
            foreach (var record in await _hostConsents.ListAsync(entry.CustomerId, cancellationToken).ConfigureAwait(false))
            {
                await state.World.Consents.AppendAsync(record with { RecordedAt = record.At }, cancellationToken).ConfigureAwait(false);
            }
        }

        state.Clock.Now = entry.OccurredAt;
        var world = state.World!;
        IReadOnlyList<object> outcomes;
        if (entry.Kind == ActivityKind.Purchase)
        {
            outcomes = (await world.Crm.RecordPurchaseAsync(FactRebuilder.ToPurchase(entry, _host.Crm.Rounding), cancellationToken).ConfigureAwait(false)).Outcomes;
        }
        else
        {
            outcomes = (await world.Crm.RecordRefundAsync(FactRebuilder.ToRefund(entry), cancellationToken).ConfigureAwait(false)).Outcomes;
        }

        state.FactsReplayed++;
        SimulationTelemetry.FactsReplayed.Add(1);
        if (!state.InPeriod)
        {
            return;
        }

        state.FactsInPeriod++;
        var month = state.Month(entry.OccurredAt.InZone(_zone).Date.ToYearMonth());
        var track = state.Track(entry.CustomerId);
        foreach (var outcome in outcomes)
        {
            switch (outcome)
            {
                case PointsAward award:
                    month.Issued = checked(month.Issued + award.Points.Value);
                    track.Points = checked(track.Points + award.Points.Value);
                    foreach (var contribution in award.Explanation)
                    {
                        track.ByRule[contribution.Rule] = checked(track.ByRule.GetValueOrDefault(contribution.Rule) + contribution.Points.Value);
                    }

                    break;
                case PointsReversal reversal:
                    month.Reversed = checked(month.Reversed + reversal.Points.Value);
                    track.Points = checked(track.Points - reversal.Points.Value);
                    break;
                case MembershipOutcome { Change: { } change }:
                    state.CountMove(change);
                    track.LastTierChange = change.Explanation;
                    break;
            }
        }
    }

    /// <summary>Runs the monthly jobs at each local month start up to an instant.</summary>
    private async Task AdvanceToAsync(State state, Instant instant, CancellationToken cancellationToken)
    {
        var target = instant.InZone(_zone).Date.ToYearMonth();
        state.CurrentMonth ??= target;
        while (state.CurrentMonth < target)
        {
            var ended = state.CurrentMonth.Value;
            var boundary = ended.PlusMonths(1).OnDayOfMonth(1).AtStartOfDayInZone(_zone).ToInstant();
            if (boundary > _fromInstant)
            {
                await SwitchToPeriodAsync(state).ConfigureAwait(false);
            }

            await RunMonthlyJobsAsync(state, boundary, ended, cancellationToken).ConfigureAwait(false);
            state.CurrentMonth = ended.PlusMonths(1);
        }
    }

    private async Task RunMonthlyJobsAsync(State state, Instant at, YearMonth ended, CancellationToken cancellationToken)
    {
        var world = state.World!;
        state.Clock.Now = at;
        var counted = state.InPeriod && ended >= _fromMonth && ended <= _toMonth;
        if (_options.RunMonthlyJobs)
        {
            if (world.Points is { } points)
            {
                var expired = await points.ExpireAsync(at, cancellationToken).ConfigureAwait(false);
                if (counted)
                {
                    var month = state.Month(ended);
                    month.Expired = checked(month.Expired + expired.Points.Value);
                }
            }

            // Both runs visit every member in a unit of work each; they are skipped when the policy gives them nothing to do.
            if (world.Membership is { } reviewer && world.HasReviews)
            {
                var reviews = await reviewer.RunReviewsAsync(at, null, cancellationToken).ConfigureAwait(false);
                if (counted)
                {
                    foreach (var change in reviews.Changes)
                    {
                        state.CountMove(change);
                        state.Track(change.CustomerId).LastTierChange = change.Explanation;
                    }
                }
            }

            if (world.Membership is { } membership && world.HasPeriodicBenefits)
            {
                await membership.GrantBenefitsAsync(at, null, cancellationToken).ConfigureAwait(false);
            }
        }

        if (counted && world.Points is { } pts)
        {
            var liability = await pts.GetLiabilityAsync(cancellationToken).ConfigureAwait(false);
            var month = state.Month(ended);
            month.Outstanding = liability.OutstandingPoints.Value;
            month.Liability = liability.Value;
        }
    }

    /// <summary>At the period's start, the baseline world gives way to one with the candidate's rules over the same stores.</summary>
    private async Task SwitchToPeriodAsync(State state)
    {
        if (state.InPeriod)
        {
            return;
        }

        state.InPeriod = true;
        if (state.Candidate is not null)
        {
            var baseline = state.World!;
            state.World = World.Build(_host, state.Database, state.Clock, state.Candidate);
            await baseline.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<ScenarioRun> FinishAsync(State state, CancellationToken cancellationToken)
    {
        var world = state.World!;
        state.Clock.Now = _endInstant;
        var churnLevels = new Dictionary<ChurnLevel, int>();
        if (world.Churn is { } churn)
        {
            var run = await churn.RunAsync(null, cancellationToken).ConfigureAwait(false);
            churnLevels[ChurnLevel.Watch] = run.Watch;
            churnLevels[ChurnLevel.Warning] = run.Warning;
            churnLevels[ChurnLevel.Critical] = run.Critical;
        }

        var segments = new Dictionary<string, int>(StringComparer.Ordinal);
        if (world.Segmentation is { } segmentation)
        {
            await segmentation.RunAsync(_endInstant, null, cancellationToken).ConfigureAwait(false);
            // The store's exact counts: a simulated world's distribution is compared with its own baseline, and
            // SegmentationManager.GetCountsAsync would withhold the small segments (see docs/privacy.md, "Aggregates").
            var store = world.Services.GetRequiredService<ISegmentStore>();
            foreach (var count in await store.CountAsync(cancellationToken).ConfigureAwait(false))
            {
                segments[count.Segment] = checked((int)count.Customers!.Value);
            }
        }

        var tiers = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var tier in world.TierOrder)
        {
            tiers[tier] = 0;
        }

        var coupons = new SortedDictionary<string, (int Issued, int Redeemed)>(StringComparer.Ordinal);
        var customers = 0;
        CustomerId? after = null;
        while (true)
        {
            var page = await world.Activity.ListMetricsAsync(after, _options.PageSize, cancellationToken).ConfigureAwait(false);
            foreach (var metrics in page)
            {
                customers++;
                var id = metrics.CustomerId;
                if (world.Membership is { } membership)
                {
                    var tier = (await membership.GetTierAsync(id, cancellationToken).ConfigureAwait(false)).Name;
                    tiers[tier] = tiers.GetValueOrDefault(tier) + 1;
                    if (state.Tracks.ContainsKey(id) || metrics.LastPurchaseAt >= _fromInstant)
                    {
                        state.Track(id).TierAtEnd = tier;
                    }
                }

                if (world.Coupons is { } couponStore)
                {
                    foreach (var coupon in await couponStore.ListByCustomerAsync(id, cancellationToken).ConfigureAwait(false))
                    {
                        var (issued, redeemed) = coupons.GetValueOrDefault(coupon.TemplateId);
                        var issuedIn = coupon.IssuedAt >= _fromInstant && coupon.IssuedAt < _endInstant;
                        var redeemedIn = coupon.RedeemedAt is { } r && r >= _fromInstant && r < _endInstant;
                        if (issuedIn || redeemedIn)
                        {
                            coupons[coupon.TemplateId] = (issued + (issuedIn ? 1 : 0), redeemed + (redeemedIn ? 1 : 0));
                        }
                    }
                }
            }

            if (page.Count < _options.PageSize)
            {
                break;
            }

            after = page[^1].CustomerId;
        }

        var months = new List<MonthlyPoints>();
        if (world.Points is not null)
        {
            for (var m = _fromMonth; m <= _toMonth; m = m.PlusMonths(1))
            {
                var stats = state.Month(m);
                months.Add(new MonthlyPoints { Month = m, Issued = stats.Issued, Reversed = stats.Reversed, Redeemed = 0, Expired = stats.Expired, Outstanding = stats.Outstanding, Liability = stats.Liability });
            }
        }

        var result = new ScenarioResult
        {
            Name = state.Name,
            FactsReplayed = state.FactsReplayed,
            FactsInPeriod = state.FactsInPeriod,
            Customers = customers,
            PointsByMonth = months,
            TiersAtEnd = tiers,
            TierMoves = new TierMoves(state.Upgrades, state.Downgrades),
            Coupons = [.. coupons.Select(c => new CouponTemplateUsage(c.Key, c.Value.Issued, c.Value.Redeemed))],
            ChurnLevelsAtEnd = churnLevels,
            SegmentsAtEnd = segments,
        };
        return new ScenarioRun(result, state.Tracks, world.TierOrder);
    }

    private void Report(State state, SimulationPhase phase) =>
        _progress?.Report(new SimulationProgress(state.Name, state.Index, state.Count, phase, state.FactsReplayed));

    private sealed class MonthStats
    {
        public long Issued { get; set; }

        public long Reversed { get; set; }

        public long Expired { get; set; }

        public long Outstanding { get; set; }

        public Money? Liability { get; set; }
    }

    private sealed class State(ScenarioRunner runner, string name, int index, int count, SimulationCandidate? candidate)
    {
        private readonly Dictionary<YearMonth, MonthStats> _months = [];

        public string Name { get; } = name;

        public int Index { get; } = index;

        public int Count { get; } = count;

        public SimulationCandidate? Candidate { get; } = candidate;

        public InMemoryDatabase Database { get; } = new(runner._host.Crm.Currency!);

        public SimulationClock Clock { get; } = new(runner._host.Crm.EarliestFactInstant);

        public World? World { get; set; }

        public bool InPeriod { get; set; }

        public YearMonth? CurrentMonth { get; set; }

        public PriorityQueue<ActivityEntry, (Instant, long)> Refunds { get; } = new();

        public long RefundOrder { get; set; }

        public HashSet<CustomerId> Copied { get; } = [];

        public Dictionary<CustomerId, CustomerTrack> Tracks { get; } = [];

        public long FactsReplayed { get; set; }

        public long FactsInPeriod { get; set; }

        public int Upgrades { get; private set; }

        public int Downgrades { get; private set; }

        public MonthStats Month(YearMonth month)
        {
            if (!_months.TryGetValue(month, out var stats))
            {
                _months[month] = stats = new MonthStats();
            }

            return stats;
        }

        public CustomerTrack Track(CustomerId id)
        {
            if (!Tracks.TryGetValue(id, out var track))
            {
                Tracks[id] = track = new CustomerTrack();
            }

            return track;
        }

        public void CountMove(TierChange change)
        {
            var order = World!.TierOrder;
            var from = change.From is null ? -1 : IndexOf(order, change.From);
            var to = IndexOf(order, change.To);
            if (to > from)
            {
                Upgrades++;
            }
            else if (to < from)
            {
                Downgrades++;
            }
        }

        private static int IndexOf(IReadOnlyList<string> order, string tier)
        {
            for (var i = 0; i < order.Count; i++)
            {
                if (string.Equals(order[i], tier, StringComparison.Ordinal))
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
