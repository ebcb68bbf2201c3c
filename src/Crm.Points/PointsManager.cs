using System.Globalization;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Crm.Points;

/// <summary>
/// Runs the points ledger: earning on purchases (through the front door), reversal on refunds, redemptions, event
/// awards, manual adjustments, the expiry job, balances, statements and the programme's liability.
/// </summary>
/// <remarks>
/// <para>Purchases and refunds reach it through <see cref="CrmManager"/>, which runs its handlers at
/// <see cref="CrmHandlerOrder.Points"/> (after membership, so a purchase earns at the tier it just reached).</para>
/// <para>Every write is one atomic store call with an idempotency key (<c>purchase:{id}</c>, <c>refund:{id}</c>,
/// <c>redeem:{key}</c>, <c>adjust:{key}</c>, <c>event:{key}</c>, <c>expire:{ticks}</c>) and the account version it read;
/// a conflict is retried up to <see cref="PointsOptions.MaxConcurrencyRetries"/> times.</para>
/// <para>Spending (redemptions, negative adjustments) and reversals take from the lots that expire first (never-expiring
/// lots last, then the oldest first). A reversal takes from its own purchase's lot first.</para>
/// </remarks>
/// <threadsafety>Safe to use from many threads at once; register it as a singleton.</threadsafety>
public sealed class PointsManager
{
    private const int MaxKeyLength = 200;
    private readonly IPointsLedgerStore _store;
    private readonly ICustomerStore _customers;
    private readonly ICustomerTierProvider _tiers;
    private readonly ICrmEventSink _events;
    private readonly IClock _clock;
    private readonly DateTimeZone _zone;
    private readonly Currency _currency;
    private readonly PointsOptions _options;
    private readonly EarnRules _rules;
    private readonly Duration _pending;
    private readonly bool _needsTier;
    private readonly bool _needsBirthday;
    private YearEnd? _yearEnd;

    /// <summary>Initializes a new instance of the <see cref="PointsManager"/> class.</summary>
    /// <param name="store">The ledger store.</param>
    /// <param name="customers">The customer store, for birthdays.</param>
    /// <param name="tiers">The tier provider, for tier multipliers.</param>
    /// <param name="events">Where expiry events are published.</param>
    /// <param name="clock">The clock.</param>
    /// <param name="crmOptions">The programme settings (currency, time zone).</param>
    /// <param name="options">The points settings.</param>
    /// <exception cref="OptionsValidationException">The settings or the rules are not valid.</exception>
    public PointsManager(
        IPointsLedgerStore store,
        ICustomerStore customers,
        ICustomerTierProvider tiers,
        ICrmEventSink events,
        IClock clock,
        IOptions<CrmOptions> crmOptions,
        IOptions<PointsOptions> options)
    {
        ArgumentNullException.ThrowIfNull(crmOptions);
        ArgumentNullException.ThrowIfNull(options);
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _customers = customers ?? throw new ArgumentNullException(nameof(customers));
        _tiers = tiers ?? throw new ArgumentNullException(nameof(tiers));
        _events = events ?? throw new ArgumentNullException(nameof(events));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _options = options.Value;
        var validation = new PointsOptionsValidator().Validate(null, _options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(Microsoft.Extensions.Options.Options.DefaultName, typeof(PointsOptions), validation.Failures);
        }

        var crm = crmOptions.Value;
        _zone = crm.TimeZone ?? throw new InvalidOperationException("CrmOptions.TimeZone is not set.");
        _currency = crm.Currency ?? throw new InvalidOperationException("CrmOptions.Currency is not set.");
        if (_options.CostPerPoint is { } cost && cost.Currency != _currency)
        {
            throw new OptionsValidationException(Microsoft.Extensions.Options.Options.DefaultName, typeof(PointsOptions), [$"PointsOptions.CostPerPoint is in {cost.Currency.Code}, not in the programme's currency {_currency.Code}."]);
        }

        _rules = _options.Rules!;
        _pending = Duration.FromDays(_options.PendingDays);
        _needsTier = _rules.Multipliers.Any(m => m is TierMultiplier or TierBenefitMultiplier);
        _needsBirthday = _rules.Birthday is not null;
    }

    /// <summary>Gets the earn rules.</summary>
    public EarnRules Rules => _rules;

    /// <summary>Earns the points of a recorded purchase; called by the purchase handler, idempotent by the purchase id.</summary>
    /// <param name="context">The purchase context from <see cref="CrmManager"/>.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>What the purchase earned, and why.</returns>
    /// <exception cref="CrmConcurrencyException">Other writes for the customer won every retry.</exception>
    internal async ValueTask<PointsAward> OnPurchaseAsync(PurchaseContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var entry = context.Entry;
        var customerId = entry.CustomerId;
        var key = "purchase:" + entry.Id;

        // The tier and the birthday do not depend on the ledger: read them once, outside the retry loop, and only when a rule needs them.
        var tier = _needsTier ? await _tiers.GetTierAsync(customerId, cancellationToken).ConfigureAwait(false) : null;
        var birthday = _needsBirthday ? (await _customers.FindAsync(customerId, cancellationToken).ConfigureAwait(false))?.Birthday : null;
        for (var attempt = 0; ; attempt++)
        {
            var account = await _store.FindAsync(customerId, includeLots: false, cancellationToken).ConfigureAwait(false) ?? new PointsAccount { CustomerId = customerId };
            var evaluation = _rules.Evaluate(entry.Lines, entry.OccurredAt, _zone, tier, context.Metrics.PurchaseCount == 1, birthday, account.Counters);
            var points = evaluation.Points;
            var reason = evaluation.ToString();
            var counters = UpdateCounters(account.Counters, evaluation, entry.OccurredAt);
            var write = Credit(account, key, PointsEntryKind.Earn, points, entry.OccurredAt, entry.OccurredAt + _pending, reason, null, counters);
            PointsAppendResult result;
            try
            {
                result = await _store.AppendAsync(customerId, write, cancellationToken).ConfigureAwait(false);
            }
            catch (CrmConcurrencyException) when (attempt < _options.MaxConcurrencyRetries)
            {
                PointsTelemetry.Retries.Add(1);
                continue;
            }

            if (!result.Appended)
            {
                return new PointsAward(entry.Id, Sum(result.Entries, PointsEntryKind.Earn), [], true, result.Entries);
            }

            if (!points.IsZero)
            {
                PointsTelemetry.Earned.Add(points.Value);
            }

            return new PointsAward(entry.Id, points, evaluation.Contributions, false, result.Entries);
        }
    }

    /// <summary>Reverses the points a refunded purchase earned, in proportion to the amount refunded; called by the refund handler, idempotent by the refund id.</summary>
    /// <param name="context">The refund context from <see cref="CrmManager"/>.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>What was reversed, or <see langword="null"/> when the purchase earned no points.</returns>
    /// <remarks>
    /// The purchase's refunds together reverse floor(award × refunded so far / paid) points, never more than it earned,
    /// where paid and refunded count only the lines that earn points (lines in an excluded category or SKU neither earn
    /// nor take back; with today's rules).
    /// Points are taken from the purchase's own lot first (pending or past its expiry alike); for its points that the
    /// expiry job removed unspent the expiry is undone (an <see cref="PointsEntryKind.Expiry"/> entry with positive
    /// points), so they cost nothing twice; the rest was spent and is taken from the lots that expire first, and what is
    /// missing is owed as <see cref="RefundDebtPolicy"/> says.
    /// </remarks>
    /// <exception cref="CrmConcurrencyException">Other writes for the customer won every retry.</exception>
    internal async ValueTask<PointsReversal?> OnRefundAsync(RefundContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var refund = context.Entry;
        var purchase = context.PurchaseEntry;
        var customerId = refund.CustomerId;
        var key = "refund:" + refund.Id;
        var lotId = "purchase:" + purchase.Id;
        for (var attempt = 0; ; attempt++)
        {
            var account = await _store.FindAsync(customerId, includeLots: true, cancellationToken).ConfigureAwait(false);
            if (account is null)
            {
                return null;
            }

            var lot = FindLot(account.Lots, lotId) ?? await _store.FindLotAsync(customerId, lotId, cancellationToken).ConfigureAwait(false);
            if (lot is null)
            {
                return null;
            }

            // The share is of what earned points: returning a deposit or a gift card takes nothing back. A purchase that
            // earned only bonuses on excluded lines falls back to the share of its whole amount.
            var paid = _rules.EarningMinorUnits(purchase.Lines);
            var returned = _rules.EarningMinorUnits(refund.Lines);
            if (paid <= 0)
            {
                paid = purchase.Amount.ToMinorUnits();
                returned = refund.Amount.ToMinorUnits();
            }

            var refunded = lot.RefundedMinorUnits + returned;
            var target = paid <= 0 || refunded >= paid ? lot.Awarded.Value : (long)((Int128)lot.Awarded.Value * refunded / paid);
            var delta = Math.Max(0, target - lot.Reversed.Value);

            var lots = new List<PointsLot>(account.Lots.Count);
            foreach (var open in account.Lots)
            {
                if (!string.Equals(open.LotId, lotId, StringComparison.Ordinal))
                {
                    lots.Add(open);
                }
            }

            // The purchase's own points go first, pending or past their expiry alike; then the points of it that expired
            // unspent, which the expiry job already took (reversing them costs nothing); only the rest was spent.
            var takenOwn = Math.Min(delta, lot.Remaining.Value);
            var lapsed = Math.Min(delta - takenOwn, lot.Expired.Value);
            var own = lot with
            {
                Remaining = lot.Remaining - new PointAmount(takenOwn),
                Expired = lot.Expired - new PointAmount(lapsed),
                Reversed = lot.Reversed + new PointAmount(delta),
                RefundedMinorUnits = refunded,
            };
            var changed = new List<PointsLot> { own };
            var taken = takenOwn + Take(lots, delta - takenOwn - lapsed, context.Now, includePending: true, changed);
            var unpaid = delta - lapsed - taken;
            var debtPolicy = _options.RefundPolicy == RefundDebtPolicy.Debt;
            var text = string.Create(CultureInfo.InvariantCulture, $"refund {refund.Id} of purchase {purchase.Id}: {refund.Amount} of {purchase.Amount} refunded, {delta} of {lot.Awarded.Value} pts reversed");
            var entries = new List<PointsEntry>(3)
            {
                // The whole share is reversed, so points earned stay net of refunds (membership counts them).
                NewEntry(account, 0, key, PointsEntryKind.Reversal, -delta, context.Now, purchase.OccurredAt, text, null),
            };
            if (lapsed > 0)
            {
                // The expired part was removed once already: its expiry is undone rather than charged twice.
                entries.Add(NewEntry(account, entries.Count, key, PointsEntryKind.Expiry, lapsed, context.Now, context.Now, string.Create(CultureInfo.InvariantCulture, $"refund {refund.Id}: {lapsed} of the reversed pts had expired unspent, their expiry is undone"), null));
            }

            if (debtPolicy && unpaid > 0)
            {
                entries.Add(NewEntry(account, entries.Count, key, PointsEntryKind.DebtRecorded, unpaid, context.Now, context.Now, string.Create(CultureInfo.InvariantCulture, $"refund {refund.Id}: {unpaid} pts already spent, owed as debt"), null));
            }

            var write = new PointsWrite
            {
                Key = key,
                ExpectedVersion = account.Version,
                Entries = entries,
                Lots = changed,
                Account = account with
                {
                    EntryCount = account.EntryCount + entries.Count,
                    Balance = account.Balance - new PointAmount(delta - lapsed) + new PointAmount(debtPolicy ? unpaid : 0),
                    LotPoints = account.LotPoints - new PointAmount(taken),
                    Debt = account.Debt + new PointAmount(debtPolicy ? unpaid : 0),
                    Lots = [],
                },
            };
            PointsAppendResult result;
            try
            {
                result = await _store.AppendAsync(customerId, write, cancellationToken).ConfigureAwait(false);
            }
            catch (CrmConcurrencyException) when (attempt < _options.MaxConcurrencyRetries)
            {
                PointsTelemetry.Retries.Add(1);
                continue;
            }

            if (!result.Appended)
            {
                return new PointsReversal(refund.Id, purchase.Id, -Sum(result.Entries, PointsEntryKind.Reversal), Sum(result.Entries, PointsEntryKind.Expiry), Sum(result.Entries, PointsEntryKind.DebtRecorded), true, result.Entries);
            }

            PointsTelemetry.Reversed.Add(delta);
            return new PointsReversal(refund.Id, purchase.Id, new PointAmount(delta), new PointAmount(lapsed), new PointAmount(unpaid), false, result.Entries);
        }
    }

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
        RequirePositive(points, nameof(points));
        RequireKey(idempotencyKey);
        return DebitAsync(customerId, points, "redeem:" + idempotencyKey, PointsEntryKind.Redemption, "redeemed: " + (reason ?? string.Empty), null, cancellationToken);
    }

    /// <summary>Adds or removes points by hand, with a reason and the operator's id.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="points">The change: positive adds a lot (spendable at once, expiring by the policy), negative spends like a redemption.</param>
    /// <param name="reason">Why, for the statement; required.</param>
    /// <param name="operatorId">Who; required.</param>
    /// <param name="idempotencyKey">The host's key for the adjustment.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>Applied, already applied, or a business "no" when a removal exceeds the spendable points.</returns>
    /// <exception cref="CrmValidationException">The points are zero, the reason or operator is missing (<see cref="PointsErrorCodes.AdjustmentInvalid"/>), the key is invalid, or the key was used for another adjustment (<see cref="PointsErrorCodes.KeyReused"/>).</exception>
    /// <exception cref="CrmConcurrencyException">Other writes for the customer won every retry.</exception>
    public Task<PointsChangeResult> AdjustAsync(CustomerId customerId, PointAmount points, string reason, string operatorId, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        if (points.IsZero)
        {
            throw new CrmValidationException(PointsErrorCodes.AmountInvalid, nameof(points), "An adjustment of zero points changes nothing.");
        }

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
        var now = _clock.GetCurrentInstant();
        if (asOf > now)
        {
            throw new CrmValidationException(PointsErrorCodes.AsOfInFuture, nameof(asOf), $"The as-of instant {asOf} is later than now ({now}).");
        }

        var key = "expire:" + asOf.ToUnixTimeTicks().ToString(CultureInfo.InvariantCulture);
        var customers = 0;
        var total = 0L;
        CustomerId? after = null;
        while (true)
        {
            var page = await _store.ListExpiringAsync(asOf, after, _options.PageSize, cancellationToken).ConfigureAwait(false);
            if (page.Count == 0)
            {
                break;
            }

            foreach (var customerId in page)
            {
                var expired = await ExpireCustomerAsync(customerId, asOf, key, cancellationToken).ConfigureAwait(false);
                if (expired > 0)
                {
                    customers++;
                    total += expired;
                }
            }

            after = page[^1];
        }

        return new PointsExpiryRunResult(customers, new PointAmount(total));
    }

    /// <summary>Gets a customer's balance now: total, spendable, pending, debt and what expires soon.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="expiringWithinDays">The window for <see cref="PointsBalance.ExpiringSoon"/>, in days (0 to 3660).</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The balance; all zero for a customer with no ledger.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="expiringWithinDays"/> is outside 0 to 3,660.</exception>
    public async Task<PointsBalance> GetBalanceAsync(CustomerId customerId, int expiringWithinDays = 30, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(expiringWithinDays);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(expiringWithinDays, 3660);
        var now = _clock.GetCurrentInstant();
        var by = now + Duration.FromDays(expiringWithinDays);
        var account = await _store.FindAsync(customerId, includeLots: true, cancellationToken).ConfigureAwait(false) ?? new PointsAccount { CustomerId = customerId };
        long pending = 0, spendable = 0, expiring = 0;
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
            else
            {
                spendable += lot.Remaining.Value;
            }

            if (lot.ExpiresAt is { } e && e <= by)
            {
                expiring += lot.Remaining.Value;
            }
        }

        var available = spendable - NegativeOwed(account);
        return new PointsBalance(customerId, account.Balance, new PointAmount(available), new PointAmount(pending), account.Debt, new PointAmount(expiring), by);
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
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, 1000);
        var entries = await _store.GetEntriesAsync(customerId, before, limit, cancellationToken).ConfigureAwait(false);
        var next = entries.Count == limit && entries[^1].Sequence > 1 ? entries[^1].Sequence : (long?)null;
        return new PointsStatement(entries, next);
    }

    /// <summary>Gets the programme's points liability: the outstanding points times the configured cost per point.</summary>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The outstanding points and, with <see cref="PointsOptions.CostPerPoint"/>, their value.</returns>
    public async Task<PointsLiability> GetLiabilityAsync(CancellationToken cancellationToken = default)
    {
        var outstanding = await _store.GetOutstandingAsync(cancellationToken).ConfigureAwait(false);
        var cost = _options.CostPerPoint;
        return new PointsLiability(outstanding, cost, cost is { } c ? (c * outstanding.Value).Round() : null);
    }

    private static long NegativeOwed(PointsAccount account) => Math.Max(0, account.LotPoints.Value - account.Balance.Value);

    private static PointsLot? FindLot(IReadOnlyList<PointsLot> lots, string lotId)
    {
        foreach (var lot in lots)
        {
            if (string.Equals(lot.LotId, lotId, StringComparison.Ordinal))
            {
                return lot;
            }
        }

        return null;
    }

    private static bool Spendable(PointsLot lot, Instant now, bool includePending) =>
        lot.Remaining.Value > 0 && (lot.ExpiresAt is not { } expires || expires > now) && (includePending || lot.AvailableAt <= now);

    /// <summary>Takes up to <paramref name="amount"/> points from the lots that expire first; adds the changed lots to <paramref name="changed"/>.</summary>
    private static long Take(List<PointsLot> lots, long amount, Instant now, bool includePending, List<PointsLot> changed)
    {
        if (amount <= 0)
        {
            return 0;
        }

        lots.Sort(static (a, b) =>
        {
            var byExpiry = (a.ExpiresAt, b.ExpiresAt) switch
            {
                (null, null) => 0,
                (null, _) => 1,
                (_, null) => -1,
                ({ } x, { } y) => x.CompareTo(y),
            };
            return byExpiry != 0 ? byExpiry : a.EarnedAt != b.EarnedAt ? a.EarnedAt.CompareTo(b.EarnedAt) : string.CompareOrdinal(a.LotId, b.LotId);
        });
        var taken = 0L;
        foreach (var lot in lots)
        {
            if (taken == amount)
            {
                break;
            }

            if (!Spendable(lot, now, includePending))
            {
                continue;
            }

            var take = Math.Min(amount - taken, lot.Remaining.Value);
            changed.Add(lot with { Remaining = lot.Remaining - new PointAmount(take) });
            taken += take;
        }

        return taken;
    }

    private static PointAmount Sum(IReadOnlyList<PointsEntry> entries, PointsEntryKind kind)
    {
        var sum = 0L;
        foreach (var e in entries)
        {
            if (e.Kind == kind)
            {
                sum += e.Points.Value;
            }
        }

        return new PointAmount(sum);
    }

    private static PointsEntry NewEntry(PointsAccount account, int index, string key, PointsEntryKind kind, long points, Instant at, Instant earnedAt, string reason, string? operatorId) => new()
    {
        CustomerId = account.CustomerId,
        Sequence = account.EntryCount + index + 1,
        Key = key,
        Kind = kind,
        Points = new PointAmount(points),
        OccurredAt = at,
        EarnedAt = earnedAt,
        Reason = reason,
        OperatorId = operatorId,
    };

    private static void RequirePositive(PointAmount points, string field)
    {
        if (points.Value <= 0)
        {
            throw new CrmValidationException(PointsErrorCodes.AmountInvalid, field, $"The points must be above zero, not {points.Value}.");
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
        var first = earlier[0];
        if (first.Kind != kind || (kind != PointsEntryKind.EventAward && first.Points.Value != points) || !string.Equals(first.Reason, reason, StringComparison.Ordinal))
        {
            throw new CrmValidationException(
                PointsErrorCodes.KeyReused,
                "idempotencyKey",
                string.Create(CultureInfo.InvariantCulture, $"The key '{key}' already recorded {first.Kind} {first.Points.Value} pts ('{first.Reason}'), not {kind} {points} pts; a key names one change."));
        }

        return earlier;
    }

    private static void RequireKey(string key)
    {
        if (string.IsNullOrWhiteSpace(key) || key.Length > MaxKeyLength)
        {
            throw new CrmValidationException(PointsErrorCodes.KeyInvalid, "idempotencyKey", $"An idempotency key is required, at most {MaxKeyLength} characters.");
        }
    }

    /// <summary>Builds a write that credits points into a new lot, settling what the customer owes first.</summary>
    private PointsWrite Credit(PointsAccount account, string key, PointsEntryKind kind, PointAmount points, Instant earnedAt, Instant availableAt, string reason, string? operatorId, IReadOnlyDictionary<string, long> counters)
    {
        var p = points.Value;
        var negative = Math.Min(p, NegativeOwed(account));
        var settled = Math.Min(p - negative, account.Debt.Value);
        var lotPoints = p - negative - settled;
        var entries = new PointsEntry[settled > 0 ? 2 : 1];
        entries[0] = NewEntry(account, 0, key, kind, p, earnedAt, earnedAt, reason, operatorId);
        if (settled > 0)
        {
            entries[1] = NewEntry(account, 1, key, PointsEntryKind.DebtSettled, -settled, earnedAt, earnedAt, string.Create(CultureInfo.InvariantCulture, $"{settled} pts settled debt"), operatorId);
        }

        IReadOnlyList<PointsLot> lots = p == 0
            ? []
            : [new PointsLot
            {
                LotId = key,
                EarnedAt = earnedAt,
                AvailableAt = availableAt,
                ExpiresAt = ExpiresAt(earnedAt),
                Points = new PointAmount(lotPoints),
                Remaining = new PointAmount(lotPoints),
                Awarded = points,
            }];
        return new PointsWrite
        {
            Key = key,
            ExpectedVersion = account.Version,
            Entries = entries,
            Lots = lots,
            Account = account with
            {
                Version = account.Version + 1,
                EntryCount = account.EntryCount + entries.Length,
                Balance = new PointAmount(account.Balance.Value + p - settled),
                LotPoints = new PointAmount(account.LotPoints.Value + lotPoints),
                Debt = new PointAmount(account.Debt.Value - settled),
                Counters = counters,
                Lots = [],
            },
        };
    }

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

    private async Task<PointsChangeResult> CreditAsync(CustomerId customerId, PointAmount points, string key, PointsEntryKind kind, string reason, string? operatorId, string? counter, int limit, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
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
                        ? new PointsChangeResult(PointsChangeStatus.AlreadyApplied, Sum(earlier, kind), PointAmount.Zero, RequireSameChange(earlier, key, kind, points.Value, reason))
                        : new PointsChangeResult(PointsChangeStatus.LimitReached, PointAmount.Zero, PointAmount.Zero, []);
                }

                counters = new Dictionary<string, long>(counters, StringComparer.Ordinal) { [counter] = count + 1 };
            }

            var write = Credit(account, key, kind, points, now, now, reason, operatorId, counters);
            PointsAppendResult result;
            try
            {
                result = await _store.AppendAsync(customerId, write, cancellationToken).ConfigureAwait(false);
            }
            catch (CrmConcurrencyException) when (attempt < _options.MaxConcurrencyRetries)
            {
                PointsTelemetry.Retries.Add(1);
                continue;
            }

            if (result.Appended)
            {
                PointsTelemetry.Earned.Add(points.Value);
            }
            else
            {
                RequireSameChange(result.Entries, key, kind, points.Value, reason);
            }

            return new PointsChangeResult(
                result.Appended ? PointsChangeStatus.Applied : PointsChangeStatus.AlreadyApplied,
                Sum(result.Entries, kind),
                PointAmount.Zero,
                result.Entries);
        }
    }

    private async Task<PointsChangeResult> DebitAsync(CustomerId customerId, PointAmount points, string key, PointsEntryKind kind, string reason, string? operatorId, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var now = _clock.GetCurrentInstant();
            var account = await _store.FindAsync(customerId, includeLots: true, cancellationToken).ConfigureAwait(false) ?? new PointsAccount { CustomerId = customerId };
            var lots = new List<PointsLot>(account.Lots);
            var spendable = 0L;
            foreach (var lot in lots)
            {
                if (Spendable(lot, now, includePending: false))
                {
                    spendable += lot.Remaining.Value;
                }
            }

            var available = spendable - NegativeOwed(account);
            if (points.Value > available)
            {
                // A replay of a redemption that succeeded earlier finds fewer points now: look for the key before saying no.
                var earlier = await _store.FindWriteAsync(customerId, key, cancellationToken).ConfigureAwait(false);
                return earlier.Count > 0
                    ? new PointsChangeResult(PointsChangeStatus.AlreadyApplied, Sum(earlier, kind), new PointAmount(Math.Max(0, available)), RequireSameChange(earlier, key, kind, -points.Value, reason))
                    : new PointsChangeResult(PointsChangeStatus.InsufficientPoints, PointAmount.Zero, new PointAmount(available), []);
            }

            var changed = new List<PointsLot>(2);
            Take(lots, points.Value, now, includePending: false, changed);
            var entries = new[] { NewEntry(account, 0, key, kind, -points.Value, now, now, reason, operatorId) };
            var write = new PointsWrite
            {
                Key = key,
                ExpectedVersion = account.Version,
                Entries = entries,
                Lots = changed,
                Account = account with
                {
                    EntryCount = account.EntryCount + 1,
                    Balance = account.Balance - points,
                    LotPoints = account.LotPoints - points,
                    Lots = [],
                },
            };
            PointsAppendResult result;
            try
            {
                result = await _store.AppendAsync(customerId, write, cancellationToken).ConfigureAwait(false);
            }
            catch (CrmConcurrencyException) when (attempt < _options.MaxConcurrencyRetries)
            {
                PointsTelemetry.Retries.Add(1);
                continue;
            }

            if (result.Appended)
            {
                PointsTelemetry.Redeemed.Add(points.Value);
                return new PointsChangeResult(PointsChangeStatus.Applied, -points, new PointAmount(available - points.Value), result.Entries);
            }

            return new PointsChangeResult(PointsChangeStatus.AlreadyApplied, Sum(result.Entries, kind), PointAmount.Zero, RequireSameChange(result.Entries, key, kind, -points.Value, reason));
        }
    }

    private async Task<long> ExpireCustomerAsync(CustomerId customerId, Instant asOf, string key, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var account = await _store.FindAsync(customerId, includeLots: true, cancellationToken).ConfigureAwait(false);
            if (account is null)
            {
                return 0;
            }

            var changed = new List<PointsLot>();
            var expired = 0L;
            foreach (var lot in account.Lots)
            {
                if (lot.Remaining.Value > 0 && lot.ExpiresAt is { } expires && expires <= asOf)
                {
                    expired += lot.Remaining.Value;
                    changed.Add(lot with { Remaining = PointAmount.Zero, Expired = lot.Expired + lot.Remaining });
                }
            }

            if (expired == 0)
            {
                return 0;
            }

            var text = string.Create(CultureInfo.InvariantCulture, $"{expired} pts expired ({changed.Count} lots, as of {asOf})");
            var write = new PointsWrite
            {
                Key = key,
                ExpectedVersion = account.Version,
                Entries = [NewEntry(account, 0, key, PointsEntryKind.Expiry, -expired, asOf, asOf, text, null)],
                Lots = changed,
                Account = account with
                {
                    EntryCount = account.EntryCount + 1,
                    Balance = account.Balance - new PointAmount(expired),
                    LotPoints = account.LotPoints - new PointAmount(expired),
                    Lots = [],
                },
            };
            try
            {
                var result = await _store.AppendAsync(customerId, write, cancellationToken).ConfigureAwait(false);
                if (!result.Appended)
                {
                    return 0;
                }
            }
            catch (CrmConcurrencyException) when (attempt < _options.MaxConcurrencyRetries)
            {
                PointsTelemetry.Retries.Add(1);
                continue;
            }

            PointsTelemetry.Expired.Add(expired);
            var eventId = string.Create(CultureInfo.InvariantCulture, $"points:expire:{customerId}:{asOf.ToUnixTimeTicks()}");
            await _events.PublishAsync(new PointsExpiredEvent(customerId, asOf, eventId, new PointAmount(expired)), cancellationToken).ConfigureAwait(false);
            return expired;
        }
    }

    /// <summary>An immutable cache entry, swapped whole so threads never see a torn pair.</summary>
    private sealed record YearEnd(int Year, Instant Expiry);
}
