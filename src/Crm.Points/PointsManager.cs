using System.Globalization;
using Crm.Internal;
using Crm.Points.Internal;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Crm.Points;

/// <summary>
/// Runs the points ledger: earning on purchases (through the front door), reversal on refunds, redemptions, event
/// awards, manual adjustments, the expiry job, balances, statements and the programme's liability.
/// </summary>
/// <remarks>
/// <para>Purchases and refunds reach it through <see cref="CrmManager"/>, which runs its handlers at
/// <see cref="CrmHandlerOrder.Points"/> inside the fact's unit of work: a purchase earns at the tier the customer held when
/// it started, and its points commit with the purchase or not at all.</para>
/// <para>Every other write is one atomic store call with an idempotency key (<c>redeem:{key}</c>, <c>adjust:{key}</c>,
/// <c>event:{key}</c>, <c>expire:{ticks}</c>) and the account version it read; a conflict is read, decided and written
/// again as <see cref="CrmOptions.MaxConcurrencyRetries"/> says.</para>
/// <para>Spending (redemptions, negative adjustments) and reversals take from the lots that expire first (never-expiring
/// lots last, then the oldest first). A reversal takes from its own purchase's lot first.</para>
/// </remarks>
/// <threadsafety>Safe to use from many threads at once; register it as a singleton.</threadsafety>
public sealed partial class PointsManager
{
    private readonly IPointsLedgerStore _store;
    private readonly ICrmEventSink _events;
    private readonly IClock _clock;
    private static TextCatalog Texts => TextCatalog.Package;

    private readonly ProgrammeSettings _settings;
    private readonly DateTimeZone _zone;
    private readonly PointsOptions _options;
    private readonly EarnRules _rules;
    private readonly Duration _pending;
    private readonly bool _needsTier;
    private readonly bool _needsBirthday;
    private YearEnd? _yearEnd;

    /// <summary>Initializes a new instance of the <see cref="PointsManager"/> class.</summary>
    /// <param name="store">The ledger store, for the writes made outside a fact and for reads.</param>
    /// <param name="events">Where expiry events are published.</param>
    /// <param name="clock">The clock.</param>
    /// <param name="crmOptions">The programme settings (currency, time zone, retries).</param>
    /// <param name="options">The points settings.</param>
    /// <exception cref="OptionsValidationException">The settings or the rules are not valid.</exception>
    public PointsManager(
        IPointsLedgerStore store,
        ICrmEventSink events,
        IClock clock,
        IOptions<CrmOptions> crmOptions,
        IOptions<PointsOptions> options)
    {
        _store = Guard.NotNull(store);
        _events = Guard.NotNull(events);
        _clock = Guard.NotNull(clock);
        _settings = ProgrammeSettings.From(crmOptions);
        _zone = _settings.Zone;
        _options = Guard.NotNull(options).Value;
        var validation = new PointsOptionsValidator().Validate(null, _options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(Microsoft.Extensions.Options.Options.DefaultName, typeof(PointsOptions), validation.Failures);
        }

        if (_options.CostPerPoint is { } cost && cost.Currency != _settings.Currency)
        {
            throw new OptionsValidationException(Microsoft.Extensions.Options.Options.DefaultName, typeof(PointsOptions), [$"PointsOptions.CostPerPoint is in {cost.Currency.Code}, not in the programme's currency {_settings.Currency.Code}."]);
        }

        _rules = _options.Rules!;
        _pending = Duration.FromDays(_options.PendingDays);
        _needsTier = _rules.Multipliers.Any(m => m is TierMultiplier or TierBenefitMultiplier);
        _needsBirthday = _rules.Birthday is not null;
    }

    /// <summary>Gets the earn rules.</summary>
    public EarnRules Rules => _rules;

    /// <summary>Spends points on a reward, taking from the lots that expire first.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="points">The points to spend, above zero.</param>
    /// <param name="idempotencyKey">The host's redemption id; redeeming again with it changes nothing and returns the first result.</param>
    /// <param name="reason">What the points are spent on, for the statement.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>Applied, already applied, or a business "no" when fewer points are spendable (pending and expired points are not).</returns>
    /// <exception cref="CrmValidationException">The points are not above zero (<see cref="PointsErrorCodes.AmountInvalid"/>), the key is empty or too long (<see cref="PointsErrorCodes.KeyInvalid"/>), or the key was used for another redemption (another amount or reason: <see cref="PointsErrorCodes.KeyReused"/>).</exception>
    /// <exception cref="CrmConcurrencyException">Other writes for the customer won every retry.</exception>
    public Task<PointsChangeResult> RedeemAsync(CustomerId customerId, PointAmount points, string idempotencyKey, string reason, CancellationToken cancellationToken = default)
    {
        Guard.Customer(customerId);
        RequirePositive(points, nameof(points));
        RequireKey(idempotencyKey);
        return DebitAsync(customerId, points, "redeem:" + idempotencyKey, PointsEntryKind.Redemption, "redeemed: " + (reason ?? string.Empty), null, cancellationToken);
    }

    /// <summary>Adds or removes points by hand, with a reason and the operator's id.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="points">The change: positive adds a lot (spendable at once, expiring by the policy), negative spends like a redemption.</param>
    /// <param name="idempotencyKey">The host's key for the adjustment (third, as in every call of the package that takes one).</param>
    /// <param name="reason">Why, for the statement; required.</param>
    /// <param name="operatorId">Who; required.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>Applied, already applied, or a business "no" when a removal exceeds the spendable points.</returns>
    /// <exception cref="CrmValidationException">The points are zero, the reason or operator is missing (<see cref="PointsErrorCodes.AdjustmentInvalid"/>), the key is invalid, or the key was used for another adjustment (<see cref="PointsErrorCodes.KeyReused"/>).</exception>
    /// <exception cref="CrmConcurrencyException">Other writes for the customer won every retry.</exception>
    public Task<PointsChangeResult> AdjustAsync(CustomerId customerId, PointAmount points, string idempotencyKey, string reason, string operatorId, CancellationToken cancellationToken = default)
    {
        Guard.Customer(customerId);
        if (points.IsZero)
        {
            throw new CrmValidationException(PointsErrorCodes.AmountInvalid, nameof(points), "An adjustment of zero points changes nothing.");
        }

        RequireWithinChange(points, nameof(points));

        if (string.IsNullOrWhiteSpace(reason) || string.IsNullOrWhiteSpace(operatorId))
        {
            throw new CrmValidationException(PointsErrorCodes.AdjustmentInvalid, string.IsNullOrWhiteSpace(reason) ? nameof(reason) : nameof(operatorId), "A manual adjustment needs a reason and an operator id.");
        }

        RequireKey(idempotencyKey);
        var key = "adjust:" + idempotencyKey;
        var text = "adjusted by " + operatorId + ": " + reason;
        return points.IsNegative
            ? DebitAsync(customerId, -points, key, PointsEntryKind.Adjustment, text, operatorId, cancellationToken)
            : CreditAsync(customerId, points, key, PointsEntryKind.Adjustment, text, operatorId, null, 0, cancellationToken);
    }

    /// <summary>Awards the fixed points of an event the host reports (sign-up, profile completed, review written), within its per-customer limit.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="eventName">The event, as named in <see cref="EarnRules.Events"/>.</param>
    /// <param name="idempotencyKey">The host's id of the event occurrence.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>Applied, already applied, or <see cref="PointsChangeStatus.LimitReached"/>.</returns>
    /// <exception cref="CrmValidationException">The rules define no such event (<see cref="PointsErrorCodes.UnknownEvent"/>), the key is invalid, or the key was used for another event (<see cref="PointsErrorCodes.KeyReused"/>).</exception>
    /// <exception cref="CrmConcurrencyException">Other writes for the customer won every retry.</exception>
    public Task<PointsChangeResult> AwardEventAsync(CustomerId customerId, string eventName, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        Guard.Customer(customerId);
        var award = _rules.FindEvent(eventName ?? string.Empty)
            ?? throw new CrmValidationException(PointsErrorCodes.UnknownEvent, nameof(eventName), $"The earn rules define no award for the event '{eventName}'.");
        RequireKey(idempotencyKey);
        return CreditAsync(customerId, new PointAmount(award.Points), "event:" + idempotencyKey, PointsEntryKind.EventAward, "event " + award.Event, null, PointsCounters.Event(award.Event), award.PerCustomerLimit, cancellationToken);
    }

    /// <summary>Expires every lot whose expiry is at or before an instant. Idempotent: running it twice for the same instant changes nothing.</summary>
    /// <param name="asOf">The instant; lots with <see cref="PointsLot.ExpiresAt"/> at or before it expire.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>How many customers and points expired in this run.</returns>
    /// <remarks>Each customer whose points expire gets a <see cref="PointsExpiredEvent"/> through <see cref="ICrmEventSink"/>.</remarks>
    /// <exception cref="CrmValidationException"><paramref name="asOf"/> is later than now (<see cref="PointsErrorCodes.AsOfInFuture"/>): points that have not expired are never taken.</exception>
    /// <exception cref="CrmConcurrencyException">Other writes for a customer won every retry.</exception>
    public async Task<PointsExpiryRunResult> ExpireAsync(Instant asOf, CancellationToken cancellationToken = default)
    {
        using var span = PointsTelemetry.Source.StartActivity("crm.points.expire");
        var now = _clock.GetCurrentInstant();
        if (asOf > now)
        {
            throw new CrmValidationException(PointsErrorCodes.AsOfInFuture, nameof(asOf), $"The as-of instant {asOf} is later than now ({now}).");
        }

        var key = "expire:" + asOf.ToUnixTimeTicks().ToString(CultureInfo.InvariantCulture);
        var customers = 0;
        var total = 0L;
        var expiring = KeysetPaging.ReadAllAsync<CustomerId, CustomerId>((after, limit, ct) => _store.ListExpiringAsync(asOf, after, limit, ct), id => id, _options.PageSize, null, cancellationToken);
        await foreach (var customerId in expiring.ConfigureAwait(false))
        {
            var expired = await ExpireCustomerAsync(customerId, asOf, key, cancellationToken).ConfigureAwait(false);
            if (expired > 0)
            {
                customers++;
                total += expired;
            }
        }

        return new PointsExpiryRunResult { Customers = customers, Points = new PointAmount(total) };
    }

    /// <summary>Gets a customer's balance now: total, spendable, pending, debt and what expires soon.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="expiringWithinDays">The window for <see cref="PointsBalance.ExpiringSoon"/>, in days (0 to 3660).</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The balance; all zero for a customer with no ledger.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="expiringWithinDays"/> is outside 0 to 3,660.</exception>
    public async Task<PointsBalance> GetBalanceAsync(CustomerId customerId, int expiringWithinDays = 30, CancellationToken cancellationToken = default)
    {
        Guard.Customer(customerId);
        ArgumentOutOfRangeException.ThrowIfNegative(expiringWithinDays);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(expiringWithinDays, 3660);
        var now = _clock.GetCurrentInstant();
        var by = now + Duration.FromDays(expiringWithinDays);
        var account = await _store.FindAsync(customerId, includeLots: true, cancellationToken).ConfigureAwait(false) ?? new PointsAccount { CustomerId = customerId };
        long pending = 0, expiring = 0;
        foreach (var lot in account.Lots)
        {
            if (lot.ExpiresAt is { } expires && expires <= now)
            {
                continue;
            }

            if (lot.AvailableAt > now)
            {
                pending += lot.Remaining.Value;
            }

            if (lot.ExpiresAt is { } e && e <= by)
            {
                expiring += lot.Remaining.Value;
            }
        }

        return new PointsBalance { CustomerId = customerId, Total = account.Balance, Available = new PointAmount(LedgerMath.Available(account, now)), Pending = new PointAmount(pending), Debt = account.Debt, ExpiringSoon = new PointAmount(expiring), ExpiringBy = by };
    }

    /// <summary>Gets a page of a customer's statement, newest first.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="before">The cursor from the previous page's <see cref="PointsStatement.NextBefore"/>, or <see langword="null"/> for the newest entries.</param>
    /// <param name="limit">The page size (1 to 1,000).</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The entries with their reasons, and the cursor of the next page.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is outside 1 to 1,000.</exception>
    public async Task<PointsStatement> GetStatementAsync(CustomerId customerId, long? before = null, int limit = 50, CancellationToken cancellationToken = default)
    {
        Guard.Customer(customerId);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, 1000);
        var entries = await _store.GetEntriesAsync(customerId, before, limit, cancellationToken).ConfigureAwait(false);
        var next = entries.Count == limit && entries[^1].Sequence > 1 ? entries[^1].Sequence : (long?)null;
        return new PointsStatement { Entries = entries, NextBefore = next };
    }

    /// <summary>Gets the programme's points liability: the outstanding points times the configured cost per point.</summary>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The outstanding points and, with <see cref="PointsOptions.CostPerPoint"/>, their value.</returns>
    public async Task<PointsLiability> GetLiabilityAsync(CancellationToken cancellationToken = default)
    {
        var outstanding = await _store.GetOutstandingAsync(cancellationToken).ConfigureAwait(false);
        var cost = _options.CostPerPoint;
        return new PointsLiability { OutstandingPoints = outstanding, CostPerPoint = cost, Value = cost is { } c ? (c * outstanding.Value).Round() : null };
    }

    private void RequirePositive(PointAmount points, string field)
    {
        if (points.Value <= 0)
        {
            throw new CrmValidationException(PointsErrorCodes.AmountInvalid, field, $"The points must be above zero, not {points.Value}.");
        }

        RequireWithinChange(points, field);
    }

    /// <summary>Refuses a change larger than the options allow, before any arithmetic on it.</summary>
    private void RequireWithinChange(PointAmount points, string field)
    {
        if (points.Value > _options.MaxPointsPerChange || points.Value < -_options.MaxPointsPerChange)
        {
            throw new CrmValidationException(PointsErrorCodes.AmountTooLarge, field, $"A change of {points} is larger than one change may be ({_options.MaxPointsPerChange} pts, PointsOptions.MaxPointsPerChange).");
        }
    }

    /// <summary>Refuses a credit that would take the balance above the options' bound, so the ledger's sums never overflow.</summary>
    private void RequireWithinBalance(PointsAccount account, PointAmount points)
    {
        if ((decimal)account.Balance.Value + points.Value > _options.MaxBalance)
        {
            throw new CrmValidationException(PointsErrorCodes.BalanceTooLarge, "points", $"Crediting {points} to customer {account.CustomerId} would take the balance from {account.Balance} above the largest a customer may hold ({_options.MaxBalance} pts, PointsOptions.MaxBalance).");
        }
    }

    /// <summary>Checks that the entries a key already wrote record the same change as this call, and returns them.</summary>
    /// <param name="earlier">The entries the key wrote; the first is the change itself.</param>
    /// <param name="key">The store key.</param>
    /// <param name="kind">This call's entry kind.</param>
    /// <param name="points">This call's signed points.</param>
    /// <param name="reason">This call's reason text (with the event's name or the operator in it).</param>
    private static IReadOnlyList<PointsEntry> RequireSameChange(IReadOnlyList<PointsEntry> earlier, string key, PointsEntryKind kind, long points, string reason)
    {
        // An event is named by its reason; its points follow the rules, which may change between an award and its replay.
        // A reason erased with the customer's personal data can no longer be compared: the kind and points still must match,
        // so a host that replays its adjustment after an erasure gets the replay, not a key-reuse error.
        var first = earlier[0];
        var sameReason = first.ReasonErasedAt is not null || string.Equals(first.Reason, reason, StringComparison.Ordinal);
        if (first.Kind != kind || (kind != PointsEntryKind.EventAward && first.Points.Value != points) || !sameReason)
        {
            throw new CrmValidationException(
                PointsErrorCodes.KeyReused,
                "idempotencyKey",
                string.Create(CultureInfo.InvariantCulture, $"The key '{key}' already recorded {first.Kind} {first.Points.Value} pts ('{first.Reason}'), not {kind} {points} pts; a key names one change."));
        }

        return earlier;
    }

    private static void RequireKey(string key) => Guard.Key(key, PointsErrorCodes.KeyInvalid, "idempotencyKey");

    /// <summary>Computes a lot's expiry; for end-of-year expiry the last year's answer is cached (it is the same for a whole year of purchases).</summary>
    private Instant? ExpiresAt(Instant earnedAt)
    {
        var expiry = _options.Expiry;
        if (expiry.Kind != PointsExpiryKind.EndOfYear)
        {
            return expiry.ExpiresAt(earnedAt, _zone);
        }

        var year = earnedAt.InZone(_zone).Year;
        var cached = _yearEnd;
        if (cached is null || cached.Year != year)
        {
            cached = new YearEnd(year, expiry.ExpiresAt(earnedAt, _zone)!.Value);
            _yearEnd = cached;
        }

        return cached.Expiry;
    }

    /// <summary>The award counters after an earn: the bonuses it gave and its points in the day's total (a week of days kept).</summary>
    private IReadOnlyDictionary<string, long> UpdateCounters(IReadOnlyDictionary<string, long> counters, EarnEvaluation evaluation, Instant at)
    {
        var day = evaluation.DayKey is not null && !evaluation.Points.IsZero;
        if (!evaluation.FirstPurchaseBonus && evaluation.BirthdayKey is null && !day)
        {
            return counters;
        }

        var updated = new Dictionary<string, long>(StringComparer.Ordinal);
        var oldest = day ? PointsCounters.Day(at.InZone(_zone).Date.PlusDays(-7)) : null;
        foreach (var (name, value) in counters)
        {
            // Day totals only matter for the daily cap: keep a week of them so the account does not grow.
            if (oldest is not null && name.StartsWith(PointsCounters.DayPrefix, StringComparison.Ordinal) && string.CompareOrdinal(name, oldest) < 0)
            {
                continue;
            }

            updated[name] = value;
        }

        if (evaluation.FirstPurchaseBonus)
        {
            updated[PointsCounters.FirstPurchase] = 1;
        }

        if (evaluation.BirthdayKey is { } birthday)
        {
            updated[birthday] = 1;
        }

        if (day)
        {
            updated[evaluation.DayKey!] = updated.GetValueOrDefault(evaluation.DayKey!) + evaluation.Points.Value;
        }

        return updated;
    }

    /// <summary>Credits points outside a fact (an adjustment, an event award), within an award counter's limit when one is given.</summary>
    private Task<PointsChangeResult> CreditAsync(CustomerId customerId, PointAmount points, string key, PointsEntryKind kind, string reason, string? operatorId, string? counter, int limit, CancellationToken cancellationToken) =>
        _settings.Retry.RunAsync(
            async _ =>
            {
                var now = _clock.GetCurrentInstant();
                var account = await _store.FindAsync(customerId, includeLots: false, cancellationToken).ConfigureAwait(false) ?? new PointsAccount { CustomerId = customerId };
                var counters = account.Counters;
                if (counter is not null)
                {
                    var count = counters.GetValueOrDefault(counter);
                    if (count >= limit)
                    {
                        var earlier = await _store.FindWriteAsync(customerId, key, cancellationToken).ConfigureAwait(false);
                        return earlier.Count > 0
                            ? new PointsChangeResult { Status = PointsChangeStatus.Replayed, Points = LedgerMath.Sum(earlier, kind), Available = PointAmount.Zero, Entries = RequireSameChange(earlier, key, kind, points.Value, reason) }
                            : new PointsChangeResult { Status = PointsChangeStatus.LimitReached, Points = PointAmount.Zero, Available = PointAmount.Zero, Entries = [] };
                    }

                    counters = new Dictionary<string, long>(counters, StringComparer.Ordinal) { [counter] = count + 1 };
                }

                RequireWithinBalance(account, points);
                var write = LedgerMath.Credit(account, key, kind, points, now, now, ExpiresAt(now), reason, operatorId, counters, _settings.Culture);
                var result = await _store.AppendAsync(customerId, write, cancellationToken).ConfigureAwait(false);
                if (!result.IsReplay)
                {
                    PointsTelemetry.Earned.Add(points.Value);
                }
                else
                {
                    RequireSameChange(result.Entries, key, kind, points.Value, reason);
                }

                return new PointsChangeResult { Status = result.IsReplay ? PointsChangeStatus.Replayed : PointsChangeStatus.Applied, Points = LedgerMath.Sum(result.Entries, kind), Available = PointAmount.Zero, Entries = result.Entries };
            },
            PointsTelemetry.Retries,
            cancellationToken);

    /// <summary>Spends points outside a fact (a redemption, a negative adjustment), or says why not.</summary>
    private Task<PointsChangeResult> DebitAsync(CustomerId customerId, PointAmount points, string key, PointsEntryKind kind, string reason, string? operatorId, CancellationToken cancellationToken) =>
        _settings.Retry.RunAsync(
            async _ =>
            {
                var now = _clock.GetCurrentInstant();
                var account = await _store.FindAsync(customerId, includeLots: true, cancellationToken).ConfigureAwait(false) ?? new PointsAccount { CustomerId = customerId };
                var available = LedgerMath.Available(account, now);
                if (points.Value > available)
                {
                    // A replay of a redemption that succeeded earlier finds fewer points now: look for the key before saying no.
                    var earlier = await _store.FindWriteAsync(customerId, key, cancellationToken).ConfigureAwait(false);
                    return earlier.Count > 0
                        ? new PointsChangeResult { Status = PointsChangeStatus.Replayed, Points = LedgerMath.Sum(earlier, kind), Available = new PointAmount(Math.Max(0, available)), Entries = RequireSameChange(earlier, key, kind, -points.Value, reason) }
                        : new PointsChangeResult { Status = PointsChangeStatus.InsufficientPoints, Points = PointAmount.Zero, Available = new PointAmount(available), Entries = [] };
                }

                var result = await _store.AppendAsync(customerId, LedgerMath.Debit(account, key, kind, points, now, reason, operatorId), cancellationToken).ConfigureAwait(false);
                if (!result.IsReplay)
                {
                    PointsTelemetry.Redeemed.Add(points.Value);
                    return new PointsChangeResult { Status = PointsChangeStatus.Applied, Points = -points, Available = new PointAmount(available - points.Value), Entries = result.Entries };
                }

                return new PointsChangeResult { Status = PointsChangeStatus.Replayed, Points = LedgerMath.Sum(result.Entries, kind), Available = PointAmount.Zero, Entries = RequireSameChange(result.Entries, key, kind, -points.Value, reason) };
            },
            PointsTelemetry.Retries,
            cancellationToken);

    /// <summary>Expires one customer's lots due by an instant; returns the points expired now (0 when none, or when this run's key did it before).</summary>
    private async Task<long> ExpireCustomerAsync(CustomerId customerId, Instant asOf, string key, CancellationToken cancellationToken)
    {
        var expired = await _settings.Retry.RunAsync(
            async _ =>
            {
                var account = await _store.FindAsync(customerId, includeLots: true, cancellationToken).ConfigureAwait(false);
                if (account is null || LedgerMath.Expiry(account, asOf, key, _settings.Culture) is not { } expiry)
                {
                    return 0L;
                }

                var result = await _store.AppendAsync(customerId, expiry.Write, cancellationToken).ConfigureAwait(false);
                return result.IsReplay ? 0L : expiry.Expired;
            },
            PointsTelemetry.Retries,
            cancellationToken).ConfigureAwait(false);
        if (expired > 0)
        {
            PointsTelemetry.Expired.Add(expired);
            var eventId = string.Create(CultureInfo.InvariantCulture, $"points:expire:{customerId}:{asOf.ToUnixTimeTicks()}");
            await _events.PublishAsync(new PointsExpiredEvent(customerId, asOf, eventId, new PointAmount(expired)), cancellationToken).ConfigureAwait(false);
        }

        return expired;
    }

    /// <summary>An immutable cache entry, swapped whole so threads never see a torn pair.</summary>
    private sealed record YearEnd(int Year, Instant Expiry);
}
