using Crm.Internal;
using Crm.Membership.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Crm.Membership;

/// <summary>
/// Decides which tier each member holds, why, and what they need for the next one: upgrades on purchases,
/// scheduled reviews with grace and downgrades, refunds, staff overrides, benefits and progress.
/// </summary>
/// <remarks>
/// <para>Purchases and refunds reach it through the front door (<see cref="CrmManager"/>), which runs its handlers at
/// <see cref="CrmHandlerOrder.Membership"/> inside the fact's unit of work, after points: the purchase that crosses a
/// points threshold upgrades at once, and the upgrade, its history entry and its welcome coupon commit with the purchase.
/// Reviews and periodic benefits run as jobs the host schedules (<see cref="RunReviewsAsync"/>, <see cref="GrantBenefitsAsync"/>);
/// both are idempotent for an as-of instant.</para>
/// <para>Every tier write carries the record's version; outside a fact each is its own unit of work, read, decided and
/// written again on a conflict. Benefits go through <see cref="ICouponIssuer"/> in the same unit as the grant's record
/// (or, without an issuer, are raised as <see cref="TierBenefitDueEvent"/> for the host), so a gift is granted once.</para>
/// </remarks>
/// <threadsafety>Safe to use from many threads at once; register it as a singleton.</threadsafety>
public sealed partial class MembershipManager
{
    private readonly IMembershipStore _store;
    private readonly IActivityStore _activity;
    private readonly ICustomerStore _customers;
    private readonly ICustomerPointsReader _points;
    private readonly ICrmEventSink _events;
    private readonly ICouponIssuer? _issuer;
    private readonly IStoreUnitOfWorkFactory _units;
    private readonly IClock _clock;
    private readonly ProgrammeSettings _settings;
    private readonly DateTimeZone _zone;
    private readonly MembershipOptions _options;
    private readonly TierEvaluator _evaluator;
    private readonly Currency _currency;
    private readonly ILogger _logger;

    /// <summary>Initializes a new instance of the <see cref="MembershipManager"/> class.</summary>
    /// <param name="store">The membership store, for reads.</param>
    /// <param name="activity">The activity store, for window totals.</param>
    /// <param name="customers">The customer store, for birthdays.</param>
    /// <param name="points">Points earned, for points thresholds.</param>
    /// <param name="events">Where tier changes and host-fulfilled benefits are published.</param>
    /// <param name="issuers">The coupon issuer, if any is registered.</param>
    /// <param name="units">The storage adapter's units of work, for the writes of jobs and overrides.</param>
    /// <param name="clock">The clock.</param>
    /// <param name="crmOptions">The programme settings (currency, time zone, retries).</param>
    /// <param name="options">The membership settings.</param>
    /// <param name="logger">Where refused benefits are logged, or <see langword="null"/> for nowhere.</param>
    /// <exception cref="OptionsValidationException">The settings or the policy are not valid.</exception>
    public MembershipManager(
        IMembershipStore store,
        IActivityStore activity,
        ICustomerStore customers,
        ICustomerPointsReader points,
        ICrmEventSink events,
        IEnumerable<ICouponIssuer> issuers,
        IStoreUnitOfWorkFactory units,
        IClock clock,
        IOptions<CrmOptions> crmOptions,
        IOptions<MembershipOptions> options,
        ILogger<MembershipManager>? logger = null)
    {
        _store = Guard.NotNull(store);
        _activity = Guard.NotNull(activity);
        _customers = Guard.NotNull(customers);
        _points = Guard.NotNull(points);
        _events = Guard.NotNull(events);
        _issuer = issuers?.LastOrDefault();
        _units = Guard.NotNull(units);
        _clock = Guard.NotNull(clock);
        _settings = ProgrammeSettings.From(crmOptions);
        _options = Guard.NotNull(options).Value;
        var validation = new MembershipOptionsValidator().Validate(null, _options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(Microsoft.Extensions.Options.Options.DefaultName, typeof(MembershipOptions), validation.Failures);
        }

        _zone = _settings.Zone;
        _currency = _settings.Currency;
        _evaluator = new TierEvaluator(_options.Policy!, _zone, _currency);
        _logger = logger ?? (ILogger)NullLogger<MembershipManager>.Instance;
    }

    private static TextCatalog Texts => TextCatalog.Package;

    /// <summary>Gets the tier policy.</summary>
    public TierPolicy Policy => _evaluator.Policy;

    /// <summary>Gets the tier a customer holds now (an override while it lasts; the entry tier for a customer with no record).</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The tier with its rank and points multiplier.</returns>
    public Task<CustomerTier> GetTierAsync(CustomerId customerId, CancellationToken cancellationToken = default) =>
        TierAtAsync(Guard.Customer(customerId), _clock.GetCurrentInstant(), null, cancellationToken);

    /// <summary>Gets a member's tier record.</summary>
    /// <param name="customerId">The member.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The record, or <see langword="null"/> when the customer has none yet.</returns>
    public Task<MemberState?> GetStateAsync(CustomerId customerId, CancellationToken cancellationToken = default) =>
        _store.FindAsync(Guard.Customer(customerId), cancellationToken);

    /// <summary>Gets a member's tier history, oldest first.</summary>
    /// <param name="customerId">The member.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The changes.</returns>
    public Task<IReadOnlyList<TierChange>> GetHistoryAsync(CustomerId customerId, CancellationToken cancellationToken = default) =>
        _store.GetHistoryAsync(Guard.Customer(customerId), cancellationToken);

    /// <summary>Gets what a member needs to reach the next tier, evaluated now.</summary>
    /// <param name="customerId">The member.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The progress, or <see langword="null"/> when the member holds the top tier.</returns>
    public async Task<TierProgress?> GetProgressAsync(CustomerId customerId, CancellationToken cancellationToken = default)
    {
        Guard.Customer(customerId);
        var now = _clock.GetCurrentInstant();
        var state = await _store.FindAsync(customerId, cancellationToken).ConfigureAwait(false);
        var rank = state is null ? 0 : RankOf(state.EffectiveTier(now));
        if (rank == Policy.Tiers.Count - 1)
        {
            return null;
        }

        var next = Policy.Tiers[rank + 1];
        var (_, _, deadline) = _evaluator.Window(now, state);
        var totals = await TotalsAsync(customerId, state, now, null, null, cancellationToken).ConfigureAwait(false);
        var thresholds = next.Thresholds
            .Select(t => new ThresholdProgress { Metric = t.Metric, Current = totals.ValueOf(t.Metric), Required = t.Minimum, Missing = Math.Max(0m, t.Minimum - totals.ValueOf(t.Metric)) })
            .ToList();
        var culture = _settings.Culture;
        var wanted = thresholds.Where(t => t.Missing > 0m).Select(t => t.Metric switch
        {
            TierMetric.NetSpend => Texts.Format(culture, "Progress.Spend", new Money(t.Missing, _currency)),
            TierMetric.PurchaseCount => Texts.Format(culture, t.Missing == 1m ? "Progress.OnePurchase" : "Progress.Purchases", t.Missing),
            _ => Texts.Format(culture, "Progress.Points", t.Missing),
        });
        var needed = string.Join(Texts.Get(culture, next.Match == ThresholdMatch.All ? "List.And" : "List.Or"), wanted);
        var message = deadline is { } d ? Texts.Format(culture, "Progress.Before", needed, d, next.Name) : Texts.Format(culture, "Progress.Reach", needed, next.Name);
        return new TierProgress { CurrentTier = Policy.Tiers[rank].Name, NextTier = next.Name, Match = next.Match, Thresholds = thresholds, Deadline = deadline, Message = message };
    }

    /// <summary>Sets a tier by hand until an instant, with a reason; it wins over the earned tier until then.</summary>
    /// <param name="customerId">The member.</param>
    /// <param name="tier">The tier to grant.</param>
    /// <param name="reason">Why (kept in the history).</param>
    /// <param name="operatorId">Who.</param>
    /// <param name="expiresAt">When the override ends.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The stored record.</returns>
    /// <exception cref="CrmValidationException">The tier is unknown (<see cref="MembershipErrorCodes.UnknownTier"/>) or the reason, operator or expiry is not valid (<see cref="MembershipErrorCodes.OverrideInvalid"/>).</exception>
    public Task<MemberState> SetOverrideAsync(CustomerId customerId, string tier, string reason, string operatorId, Instant expiresAt, CancellationToken cancellationToken = default)
    {
        Guard.Customer(customerId);
        var now = _clock.GetCurrentInstant();
        if (RankOfOrMinusOne(tier) < 0)
        {
            throw new CrmValidationException(MembershipErrorCodes.UnknownTier, nameof(tier), $"'{tier}' is not a tier of the policy ({string.Join(", ", Policy.Tiers.Select(t => t.Name))}).");
        }

        if (string.IsNullOrWhiteSpace(reason) || string.IsNullOrWhiteSpace(operatorId) || expiresAt <= now)
        {
            throw new CrmValidationException(MembershipErrorCodes.OverrideInvalid, nameof(expiresAt), "An override needs a reason, an operator id and an expiry after now.");
        }

        var value = new TierOverride { Tier = tier, Reason = reason, OperatorId = operatorId, ExpiresAt = expiresAt };
        return UpdateAsync(
            customerId,
            now,
            (s, _) => Decided(s.Override == value
                ? null
                : (s with { Override = value }, new TierChange { CustomerId = customerId, From = s.EffectiveTier(now), To = tier, Reason = TierChangeReason.OverrideSet, OccurredAt = now, Explanation = Texts.Format(_settings.Culture, "Override.Set", operatorId, expiresAt, reason), Key = $"override:{now.ToUnixTimeTicks()}:{tier}" })),
            cancellationToken);
    }

    /// <summary>Ends a staff override now.</summary>
    /// <param name="customerId">The member.</param>
    /// <param name="operatorId">Who.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The stored record (unchanged when there was no override).</returns>
    public Task<MemberState> ClearOverrideAsync(CustomerId customerId, string operatorId, CancellationToken cancellationToken = default)
    {
        Guard.Customer(customerId);
        var now = _clock.GetCurrentInstant();
        return UpdateAsync(
            customerId,
            now,
            (s, _) => Decided(s.Override is not { } o
                ? null
                : (s with { Override = null }, new TierChange { CustomerId = customerId, From = o.Tier, To = s.Tier, Reason = TierChangeReason.OverrideEnded, OccurredAt = now, Explanation = Texts.Format(_settings.Culture, "Override.Removed", operatorId), Key = $"override-end:{o.ExpiresAt.ToUnixTimeTicks()}:{now.ToUnixTimeTicks()}" })),
            cancellationToken);
    }

    /// <summary>
    /// Reviews every member whose review (or grace period, or override) is due by <paramref name="asOf"/>: keeps,
    /// starts the grace period, or drops them as the policy says. Running it again for the same instant changes nothing.
    /// </summary>
    /// <param name="asOf">The instant to review as of; the clock's now when <see langword="null"/>.</param>
    /// <param name="progress">Receives the number of members visited after each page.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The members visited and the changes made.</returns>
    public async Task<MembershipRunResult> RunReviewsAsync(Instant? asOf = null, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        using var span = MembershipTelemetry.Source.StartActivity("crm.membership.review");
        var at = asOf ?? _clock.GetCurrentInstant();
        var changes = new List<TierChange>();
        var visited = 0;
        await foreach (var state in AllMembersAsync(progress, cancellationToken).ConfigureAwait(false))
        {
            visited++;
            for (var version = state.Version; ;)
            {
                // One step at a time (override end, grace end, review), each its own unit of work, until nothing is due.
                var current = await UpdateAsync(state.CustomerId, at, (s, unit) => ReviewStepAsync(s, at, unit, cancellationToken), cancellationToken, changes).ConfigureAwait(false);
                if (current.Version == version)
                {
                    break;
                }

                version = current.Version;
            }
        }

        return new MembershipRunResult { MembersVisited = visited, Changes = changes, GrantsIssued = 0 };
    }

    /// <summary>
    /// Grants the periodic benefits of each member's tier for the period containing <paramref name="asOf"/>, and the
    /// birthday gift to members born in its month. Each grant is idempotent per member per period, so running it twice grants nothing more.
    /// </summary>
    /// <param name="asOf">The instant whose period is granted; the clock's now when <see langword="null"/>.</param>
    /// <param name="progress">Receives the number of members visited after each page.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The members visited, the grants made and the grants the coupon issuer refused (<see cref="MembershipRunResult.FailedGrants"/>).</returns>
    public async Task<MembershipRunResult> GrantBenefitsAsync(Instant? asOf = null, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var at = asOf ?? _clock.GetCurrentInstant();
        var date = at.InZone(_zone).Date;
        var visited = 0;
        var granted = 0;
        var failed = new List<TierBenefitFailure>();
        await foreach (var state in AllMembersAsync(progress, cancellationToken).ConfigureAwait(false))
        {
            visited++;
            var tierName = state.EffectiveTier(at);
            var tier = Policy.Tiers[RankOf(tierName)];
            foreach (var grant in tier.Benefits.Periodic)
            {
                for (var n = 1; n <= grant.Count; n++)
                {
                    var key = $"periodic:{tierName}:{grant.CouponTemplateId}:{PeriodId(date, grant.Period)}:{n}";
                    granted += await GrantInOwnUnitAsync(state.CustomerId, tierName, grant.CouponTemplateId, CouponIssueReason.TierBenefit, key, at, failed, cancellationToken).ConfigureAwait(false) ? 1 : 0;
                }
            }

            if (tier.Benefits.BirthdayCouponTemplateId is { } birthdayTemplate
                && await _customers.FindAsync(state.CustomerId, cancellationToken).ConfigureAwait(false) is { Birthday: { } birthday }
                && birthday.Month == date.Month)
            {
                var key = $"birthday:{date.Year}";
                granted += await GrantInOwnUnitAsync(state.CustomerId, tierName, birthdayTemplate, CouponIssueReason.Birthday, key, at, failed, cancellationToken).ConfigureAwait(false) ? 1 : 0;
            }
        }

        return new MembershipRunResult { MembersVisited = visited, Changes = [], GrantsIssued = granted, FailedGrants = failed };
    }

    /// <summary>Computes a member's window totals as of an instant: the committed records, plus a fact being recorded (not yet in the stores).</summary>
    /// <param name="id">The member.</param>
    /// <param name="state">The member's record, for a window since the tier was reached.</param>
    /// <param name="asOf">The instant.</param>
    /// <param name="unit">The unit of work to read through, or <see langword="null"/> for the stores.</param>
    /// <param name="fact">The fact being recorded, whose entry, metrics after it and points the totals include; <see langword="null"/> for none.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    internal async Task<TierWindowTotals> TotalsAsync(CustomerId id, MemberState? state, Instant asOf, IStoreUnitOfWork? unit, HandlerContext? fact, CancellationToken cancellationToken)
    {
        var (from, to, _) = _evaluator.Window(asOf, state);
        var activity = unit?.GetStore<IActivityStore>() ?? _activity;
        var pending = fact is { IsReplay: false } ? fact : null;
        TierWindowTotals totals;
        if (_evaluator.NeedsTimeRange)
        {
            // Only what the window holds, summed by the store; the fact's own entry is not in the store before the commit.
            var sums = await activity.GetTotalsAsync(id, from, to, cancellationToken).ConfigureAwait(false);
            totals = new TierWindowTotals(sums.NetSpend.Amount, sums.PurchaseCount, 0);
            if (pending?.Entry is { } entry && entry.PurchasedAt >= from && entry.PurchasedAt <= to && entry.OccurredAt <= to)
            {
                totals = entry.Kind == ActivityKind.Purchase
                    ? totals with { NetSpend = totals.NetSpend + entry.Amount.Amount, PurchaseCount = totals.PurchaseCount + 1 }
                    : totals with { NetSpend = totals.NetSpend - entry.Amount.Amount };
            }
        }
        else
        {
            // Month windows read the monthly sums; a fact's metrics after it are on its context.
            var metrics = fact?.Metrics ?? await activity.GetMetricsAsync(id, cancellationToken).ConfigureAwait(false);
            var first = from.InZone(_zone).Date;
            var last = to.InZone(_zone).Date;
            totals = metrics is null ? default : TierEvaluator.FromMonths(metrics, new YearMonth(first.Year, first.Month), new YearMonth(last.Year, last.Month));
        }

        if (_evaluator.NeedsPoints)
        {
            var points = await _points.GetPointsEarnedAsync(id, from, to, unit, cancellationToken).ConfigureAwait(false);
            if (pending is { PointsAwarded: { } awarded, Entry: var entry } && entry.PurchasedAt >= from && entry.PurchasedAt <= to)
            {
                // The fact's points are earned (or reversed) at its purchase's instant, and not in the store before the commit.
                points += awarded;
            }

            totals = totals with { PointsEarned = points.Value };
        }

        return totals;
    }

    private static string PeriodId(LocalDate date, GrantPeriod period) => period switch
    {
        GrantPeriod.Monthly => $"{date:uuuu-MM}",
        GrantPeriod.Quarterly => $"{date:uuuu}-Q{((date.Month - 1) / 3) + 1}",
        _ => $"{date:uuuu}",
    };

    private static ValueTask<(MemberState State, TierChange? Change)?> Decided((MemberState State, TierChange? Change)? decision) => ValueTask.FromResult(decision);

    /// <summary>Reads the record (or a new entry-tier one), decides and saves with the version read, as a unit of work of its own; read, decided and saved again on a conflict.</summary>
    private async Task<MemberState> UpdateAsync(
        CustomerId id,
        Instant at,
        Func<MemberState, IStoreUnitOfWork, ValueTask<(MemberState State, TierChange? Change)?>> decide,
        CancellationToken cancellationToken,
        List<TierChange>? changes = null)
    {
        var (saved, change) = await _settings.Retry.RunAsync(
            async _ =>
            {
                await using var unit = await _units.BeginAsync(cancellationToken).ConfigureAwait(false);
                var store = unit.GetStore<IMembershipStore>();
                var current = await store.FindAsync(id, cancellationToken).ConfigureAwait(false)
                    ?? new MemberState { CustomerId = id, Tier = Policy.Tiers[0].Name, ReachedAt = at };
                if (await decide(current, unit).ConfigureAwait(false) is not { } decision)
                {
                    return (current, (TierChange?)null);
                }

                var stored = await store.SaveAsync(decision.State, current.Version, decision.Change, cancellationToken).ConfigureAwait(false);
                await unit.CommitAsync(cancellationToken).ConfigureAwait(false);
                return (stored, decision.Change);
            },
            MembershipTelemetry.Retries,
            cancellationToken).ConfigureAwait(false);
        if (change is not null)
        {
            changes?.Add(change);
            MembershipTelemetry.TierChanges.Add(1, new KeyValuePair<string, object?>("reason", change.Reason.ToString()));
            await _events.PublishAsync(ChangedEvent(id, change), cancellationToken).ConfigureAwait(false);
        }

        return saved;
    }

    private static TierChangedEvent ChangedEvent(CustomerId id, TierChange change) => new(id, change.OccurredAt, change.Key, change);

    /// <summary>The next due review step of a member as of an instant, or <see langword="null"/> when nothing is due.</summary>
    private async ValueTask<(MemberState State, TierChange? Change)?> ReviewStepAsync(MemberState s, Instant at, IStoreUnitOfWork unit, CancellationToken cancellationToken)
    {
        var id = s.CustomerId;
        if (s.Override is { } o && o.ExpiresAt <= at)
        {
            return (s with { Override = null }, new TierChange { CustomerId = id, From = o.Tier, To = s.Tier, Reason = TierChangeReason.OverrideEnded, OccurredAt = o.ExpiresAt, Explanation = Texts.Format(_settings.Culture, "Override.Expired", o.OperatorId), Key = $"override-end:{o.ExpiresAt.ToUnixTimeTicks()}" });
        }

        if (s.Version == 0 || s.ReviewAt is not { } review || (s.GraceUntil ?? review) > at)
        {
            return null;
        }

        // A review judges the window that ends just before it (a 1 January review judges the year just ended);
        // the end of a grace period judges the window up to the end of the grace.
        var judgedAt = (s.GraceUntil ?? review) - Duration.Epsilon;
        var totals = await TotalsAsync(id, s, judgedAt, unit, null, cancellationToken).ConfigureAwait(false);
        var rank = RankOf(s.Tier);
        var qualifying = _evaluator.QualifyingRank(totals);
        var explanation = _evaluator.Explain(totals, qualifying, judgedAt, s, _settings.Culture);
        var key = $"review:{review.ToUnixTimeTicks()}";
        if (qualifying >= rank)
        {
            return (s with { ReviewAt = NextReview(review), GraceUntil = null }, new TierChange { CustomerId = id, From = s.Tier, To = s.Tier, Reason = TierChangeReason.ReviewKept, OccurredAt = review, Explanation = explanation, Key = key + ":kept" });
        }

        if (s.GraceUntil is null && Policy.Review.GraceDays > 0)
        {
            var graceUntil = review.InZone(_zone).Date.PlusDays(Policy.Review.GraceDays).AtStartOfDayInZone(_zone).ToInstant();
            return (s with { GraceUntil = graceUntil }, new TierChange { CustomerId = id, From = s.Tier, To = s.Tier, Reason = TierChangeReason.GraceStarted, OccurredAt = review, Explanation = Texts.Format(_settings.Culture, "Review.Grace", explanation, graceUntil.InZone(_zone).Date), Key = key + ":grace" });
        }

        var dropTo = Policy.Review.Mode == DowngradeMode.OneLevel ? rank - 1 : qualifying;
        var droppedAt = s.GraceUntil ?? review;
        return (Reached(s, dropTo, droppedAt), new TierChange { CustomerId = id, From = s.Tier, To = Policy.Tiers[dropTo].Name, Reason = TierChangeReason.ReviewDowngrade, OccurredAt = droppedAt, Explanation = explanation, Key = key + ":drop" });
    }

    /// <summary>The record after reaching a tier at an instant: a new review date, no grace.</summary>
    private MemberState Reached(MemberState s, int rank, Instant at) =>
        s with { Tier = Policy.Tiers[rank].Name, ReachedAt = at, ReviewAt = rank == 0 ? null : FirstReview(at), GraceUntil = null };

    private Instant? FirstReview(Instant reachedAt)
    {
        var date = reachedAt.InZone(_zone).Date;
        var review = Policy.Review;
        return review.Schedule switch
        {
            ReviewSchedule.TierAnniversary => date.PlusMonths(review.ValidityMonths).AtStartOfDayInZone(_zone).ToInstant(),
            ReviewSchedule.CalendarDate => NextCalendarReview(date),
            _ => null,
        };
    }

    private Instant NextReview(Instant review)
    {
        var date = review.InZone(_zone).Date;
        return Policy.Review.Schedule == ReviewSchedule.TierAnniversary
            ? date.PlusMonths(Policy.Review.ValidityMonths).AtStartOfDayInZone(_zone).ToInstant()
            : NextCalendarReview(date);
    }

    /// <summary>The first yearly review date strictly after a local date, at local midnight.</summary>
    private Instant NextCalendarReview(LocalDate after)
    {
        var candidate = new LocalDate(after.Year, Policy.Review.Month, Policy.Review.Day);
        if (candidate <= after)
        {
            candidate = candidate.PlusYears(1);
        }

        return candidate.AtStartOfDayInZone(_zone).ToInstant();
    }

    /// <summary>The tier a customer holds at an instant, from the record as committed.</summary>
    internal async Task<CustomerTier> TierAtAsync(CustomerId customerId, Instant asOf, IStoreUnitOfWork? unit, CancellationToken cancellationToken)
    {
        var state = await (unit?.GetStore<IMembershipStore>() ?? _store).FindAsync(customerId, cancellationToken).ConfigureAwait(false);
        var rank = state is null ? 0 : RankOf(state.EffectiveTier(asOf));
        var tier = Policy.Tiers[rank];
        return new CustomerTier(tier.Name, rank, tier.Benefits.PointsMultiplier);
    }

    /// <summary>Grants one benefit once per key, in its own unit of work: the coupon (or the event for the host) and the grant's record together; a refusal is reported and added to <paramref name="failed"/>.</summary>
    private async Task<bool> GrantInOwnUnitAsync(CustomerId id, string tier, string template, CouponIssueReason reason, string key, Instant at, List<TierBenefitFailure> failed, CancellationToken cancellationToken)
    {
        var (grant, events) = await _settings.Retry.RunAsync(
            async _ =>
            {
                await using var unit = await _units.BeginAsync(cancellationToken).ConfigureAwait(false);
                var due = new List<CrmEvent>();
                var grant = await GrantAsync(unit, id, tier, template, reason, key, at, due.Add, cancellationToken).ConfigureAwait(false);
                if (grant.Granted)
                {
                    await unit.CommitAsync(cancellationToken).ConfigureAwait(false);
                }

                return (grant, due);
            },
            MembershipTelemetry.Retries,
            cancellationToken).ConfigureAwait(false);

        // Reported once the unit is settled, not inside it: a retried unit would report one refusal twice.
        if (grant.Failure is { } failure)
        {
            Report(failure);
            failed.Add(failure);
        }

        foreach (var crmEvent in events)
        {
            await _events.PublishAsync(crmEvent, cancellationToken).ConfigureAwait(false);
        }

        return grant.Granted;
    }

    /// <summary>Logs and counts a benefit the issuer refused, so that it is never lost without a trace.</summary>
    private void Report(TierBenefitFailure failure)
    {
        var benefit = failure.GrantKey[..Math.Max(0, failure.GrantKey.IndexOf(':', StringComparison.Ordinal))];
        MembershipTelemetry.BenefitFailures.Add(1, new KeyValuePair<string, object?>("benefit", benefit), new KeyValuePair<string, object?>("template", failure.CouponTemplateId));
        Log.BenefitRefused(_logger, benefit, failure.CouponTemplateId, failure.Tier, failure.CustomerId.ToString(), failure.IssuerReason ?? "no reason given");
    }

    /// <summary>
    /// Grants one benefit once per key in a unit of work: through the coupon issuer, or as an event for the host when there
    /// is none; the caller commits. A refusal is returned (not recorded as granted), for the caller to report.
    /// </summary>
    private async Task<GrantResult> GrantAsync(IStoreUnitOfWork unit, CustomerId id, string tier, string template, CouponIssueReason reason, string key, Instant at, Action<CrmEvent> publish, CancellationToken cancellationToken)
    {
        var store = unit.GetStore<IMembershipStore>();
        if (await store.IsGrantedAsync(id, key, cancellationToken).ConfigureAwait(false))
        {
            return default;
        }

        if (_issuer is not null)
        {
            var issued = await _issuer.IssueCouponAsync(new CouponIssueRequest(id, template, reason, $"membership:{id}:{key}"), unit, cancellationToken).ConfigureAwait(false);
            if (!issued.Succeeded)
            {
                return new GrantResult(false, new TierBenefitFailure { CustomerId = id, Tier = tier, CouponTemplateId = template, Reason = reason, GrantKey = key, IssuerReason = issued.Reason });
            }
        }
        else
        {
            publish(new TierBenefitDueEvent(id, at, $"membership:{id}:{key}", tier, template, reason));
        }

        await store.RecordGrantAsync(id, key, at, cancellationToken).ConfigureAwait(false);
        return new GrantResult(true, null);
    }

    private IAsyncEnumerable<MemberState> AllMembersAsync(IProgress<int>? progress, CancellationToken cancellationToken) =>
        KeysetPaging.ReadAllAsync<MemberState, CustomerId>((after, limit, ct) => _store.ListAsync(after, limit, ct), s => s.CustomerId, _options.PageSize, progress, cancellationToken);

    private int RankOf(string tier) => Math.Max(0, Policy.RankOf(tier));

    private int RankOfOrMinusOne(string tier) => Policy.RankOf(tier);

    /// <summary>What granting one benefit did: granted now, or refused by the issuer (neither: granted before).</summary>
    private readonly record struct GrantResult(bool Granted, TierBenefitFailure? Failure);

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "The coupon issuer refused the {Benefit} benefit (coupon template {TemplateId}) of tier {Tier} for member {CustomerId}: {IssuerReason}. Nothing was granted.")]
        public static partial void BenefitRefused(ILogger logger, string benefit, string templateId, string tier, string customerId, string issuerReason);
    }
}
