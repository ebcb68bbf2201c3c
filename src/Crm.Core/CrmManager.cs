using System.Diagnostics;
using Crm.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Crm;

/// <summary>
/// The front door of the library: the host records facts (purchases, refunds, profile changes) here, and every
/// installed package reacts to them through its registered handlers.
/// </summary>
/// <remarks>
/// <para>A purchase is validated and resolved to exact amounts per line before anything is read or written. It is then
/// recorded as one unit of work (<see cref="IStoreUnitOfWork"/>): its journal entry, the customer's metrics, and what every
/// <see cref="IPurchaseHandler"/> does about it, in the order of <see cref="CrmHandlerOrder"/> (points, membership,
/// coupons, signals, then the host's own), commit together or not at all. A handler that throws, a cancellation or a crash
/// at any point leaves no trace of the purchase, and recording it again works as if it were new. Refunds follow the same
/// path with <see cref="IRefundHandler"/>s.</para>
/// <para>Every fact is idempotent by the host's id. Recording a purchase or refund id again reads, writes nothing, and
/// reports <see cref="RecordStatus.Replayed"/> with what the handlers find the first recording did; a host that
/// does not know whether a call went through simply calls again. An id recorded before with other content is refused.</para>
/// <para>When another writer changed the same customer's records meanwhile, the unit's commit fails and the fact is read,
/// decided and written again, up to <see cref="CrmOptions.MaxConcurrencyRetries"/> times with back-off. Events are
/// published to <see cref="ICrmEventSink"/> after the commit.</para>
/// </remarks>
/// <threadsafety>Safe to use from many threads at once; register it as a singleton.</threadsafety>
public sealed partial class CrmManager
{
    private readonly IStoreUnitOfWorkFactory _units;
    private readonly IActivityStore _activity;
    private readonly ICustomerStore _customers;
    private readonly IConsentStore _consents;
    private readonly IPurchaseHandler[] _purchaseHandlers;
    private readonly IRefundHandler[] _refundHandlers;
    private readonly ICustomerTierProvider _tiers;
    private readonly ICrmEventSink _events;
    private readonly ICustomerDataContributor[] _dataContributors;
    private readonly IClock _clock;
    private readonly ProgrammeSettings _settings;
    private readonly FactResolver _resolver;
    private readonly ILogger<CrmManager> _logger;
    private readonly ICustomerIdentifierStore? _identifierStore;
    private readonly IdentifierLookupKey? _identifierLookup;

    /// <summary>Initializes a new instance of the <see cref="CrmManager"/> class.</summary>
    /// <param name="units">The storage adapter's units of work, in which facts are recorded.</param>
    /// <param name="activityStore">The activity journal store, for reads.</param>
    /// <param name="customerStore">The customer profile store.</param>
    /// <param name="consentStore">The consent record store.</param>
    /// <param name="purchaseHandlers">The purchase handlers of the installed packages and the host.</param>
    /// <param name="refundHandlers">The refund handlers of the installed packages and the host.</param>
    /// <param name="tiers">The tier provider, for the tier a customer held when a fact started.</param>
    /// <param name="events">Where the handlers' events are published after each commit.</param>
    /// <param name="dataContributors">What each installed package holds about a customer, for <see cref="ExportCustomerDataAsync"/>.</param>
    /// <param name="clock">The clock.</param>
    /// <param name="options">The programme's settings.</param>
    /// <param name="logger">The logger, or <see langword="null"/> for none.</param>
    /// <param name="identifierStore">The identifier store, or <see langword="null"/> when the storage adapter keeps no identifiers (<see cref="SupportsIdentifiers"/>).</param>
    /// <param name="identifierOptions">The key of the identifiers' lookup hash, or <see langword="null"/> when identifiers are not used (<see cref="CustomerIdentifierCrmBuilderExtensions.AddCustomerIdentifiers"/>).</param>
    /// <exception cref="OptionsValidationException">The options are not valid.</exception>
    public CrmManager(
        IStoreUnitOfWorkFactory units,
        IActivityStore activityStore,
        ICustomerStore customerStore,
        IConsentStore consentStore,
        IEnumerable<IPurchaseHandler> purchaseHandlers,
        IEnumerable<IRefundHandler> refundHandlers,
        ICustomerTierProvider tiers,
        ICrmEventSink events,
        IEnumerable<ICustomerDataContributor> dataContributors,
        IClock clock,
        IOptions<CrmOptions> options,
        ILogger<CrmManager>? logger = null,
        ICustomerIdentifierStore? identifierStore = null,
        IOptions<CustomerIdentifierOptions>? identifierOptions = null)
    {
        _dataContributors = [.. Guard.NotNull(dataContributors)];
        _units = Guard.NotNull(units);
        _activity = Guard.NotNull(activityStore);
        _customers = Guard.NotNull(customerStore);
        _consents = Guard.NotNull(consentStore);
        _purchaseHandlers = [.. Guard.NotNull(purchaseHandlers).OrderBy(h => h.Order)];
        _refundHandlers = [.. Guard.NotNull(refundHandlers).OrderBy(h => h.Order)];
        _tiers = Guard.NotNull(tiers);
        _events = Guard.NotNull(events);
        _clock = Guard.NotNull(clock);
        _settings = ProgrammeSettings.From(options);
        _logger = logger ?? (ILogger<CrmManager>)Microsoft.Extensions.Logging.Abstractions.NullLogger<CrmManager>.Instance;
        _identifierStore = identifierStore;
        _identifierLookup = identifierOptions?.Value.LookupKey is { Length: > 0 } key ? new IdentifierLookupKey(key) : null;
        _resolver = new FactResolver(_settings.Currency, _settings.Zone, _settings.Options);
    }

    /// <summary>Gets the programme's currency.</summary>
    public Currency Currency => _settings.Currency;

    /// <summary>Gets the programme's time zone.</summary>
    public DateTimeZone TimeZone => _settings.Zone;

    /// <summary>Records a purchase, with what every installed package does about it, as one unit of work.</summary>
    /// <param name="purchase">The purchase.</param>
    /// <param name="cancellationToken">A token to cancel the operation; a purchase cancelled before its commit leaves no trace.</param>
    /// <returns>Whether the purchase was new, the customer's metrics after it, and what each handler did.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="purchase"/> is <see langword="null"/>.</exception>
    /// <exception cref="CrmValidationException">The purchase is not valid (a <c>purchase.*</c> or <c>key.*</c> code of <see cref="CrmErrorCodes"/>), outside the bounds of <see cref="CrmOptions"/>, or its id was recorded before with different content in any field (<see cref="CrmErrorCodes.PurchaseIdReused"/>); nothing was written.</exception>
    /// <exception cref="CrmConcurrencyException">Other writes for the same customer won every retry; nothing was written.</exception>
    public Task<RecordPurchaseResult> RecordPurchaseAsync(Purchase purchase, CancellationToken cancellationToken = default) =>
        TracedAsync("crm.record_purchase", purchase?.Id, () => RecordPurchaseCoreAsync(purchase!, cancellationToken));

    private Task<RecordPurchaseResult> RecordPurchaseCoreAsync(Purchase purchase, CancellationToken cancellationToken)
    {
        var now = _clock.GetCurrentInstant();
        var entry = _resolver.ResolvePurchase(purchase, now);
        return RecordAsync(
            new StorePrefetch { Customers = [entry.CustomerId], PurchaseIds = [entry.Id] },
            unit => RecordPurchaseInAsync(unit, purchase, entry, now, cancellationToken),
            cancellationToken);
    }

    /// <summary>Records a refund of an earlier purchase, with what every installed package does about it, as one unit of work.</summary>
    /// <param name="refund">The refund.</param>
    /// <param name="cancellationToken">A token to cancel the operation; a refund cancelled before its commit leaves no trace.</param>
    /// <returns>Whether the refund was new, what it gave back per line, the metrics after it, and what each handler did.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="refund"/> is <see langword="null"/>.</exception>
    /// <exception cref="CrmValidationException">The refund is not valid (a <c>refund.*</c> code of <see cref="CrmErrorCodes"/>), for example larger than what is left of the purchase, or its id was recorded before with different content; nothing was written.</exception>
    /// <exception cref="CrmConcurrencyException">Other writes for the same customer won every retry; nothing was written.</exception>
    public Task<RecordRefundResult> RecordRefundAsync(Refund refund, CancellationToken cancellationToken = default) =>
        TracedAsync("crm.record_refund", refund?.Id, () => RecordRefundCoreAsync(refund!, cancellationToken));

    private Task<RecordRefundResult> RecordRefundCoreAsync(Refund refund, CancellationToken cancellationToken)
    {
        var now = _clock.GetCurrentInstant();
        _resolver.ValidateRefundShape(refund, now);
        return RecordAsync(
            new StorePrefetch { PurchaseIds = [refund.PurchaseId], RefundIds = [refund.Id] },
            unit => RecordRefundInAsync(unit, refund, now, cancellationToken),
            cancellationToken);
    }

    /// <summary>
    /// Records one fact as one unit of work, retried on a lost race: reads ahead, runs the journal and the handlers
    /// (<paramref name="record"/>), commits unless it was a replay; then counts it and publishes its events.
    /// </summary>
    private async Task<T> RecordAsync<T>(StorePrefetch prefetch, Func<IStoreUnitOfWork, Task<(T Result, IReadOnlyList<CrmEvent> Events)>> record, CancellationToken cancellationToken)
        where T : RecordResult
    {
        var (result, events) = await _settings.Retry.RunAsync(
            async _ =>
            {
                await using var unit = await _units.BeginAsync(cancellationToken).ConfigureAwait(false);
                await PrefetchAsync(unit, prefetch, cancellationToken).ConfigureAwait(false);
                var recorded = await record(unit).ConfigureAwait(false);
                if (!recorded.Result.IsReplay)
                {
                    await CommitAsync(unit, cancellationToken).ConfigureAwait(false);
                }

                return recorded;
            },
            CrmTelemetry.ConcurrencyRetries,
            cancellationToken).ConfigureAwait(false);
        Count(result);
        await PublishAsync(events).ConfigureAwait(false);
        return result;
    }

    /// <summary>Registers a customer, idempotently by id.</summary>
    /// <param name="profile">The profile; its <see cref="CustomerProfile.Version"/> is ignored.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The stored profile and whether this call created it. A second registration of the same id returns the first profile unchanged.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="profile"/> is <see langword="null"/>.</exception>
    /// <exception cref="CrmValidationException">The profile is not valid (<see cref="CrmErrorCodes.CustomerIdInvalid"/> or <see cref="CrmErrorCodes.CustomerProfileInvalid"/>).</exception>
    public async Task<RegisterCustomerResult> RegisterCustomerAsync(CustomerProfile profile, CancellationToken cancellationToken = default)
    {
        var normalized = Normalize(Guard.NotNull(profile)) with { Version = 0 };
        var (stored, created) = await _customers.CreateAsync(normalized, cancellationToken).ConfigureAwait(false);
        return new RegisterCustomerResult { Profile = stored, IsReplay = !created };
    }

    /// <summary>Gets a customer's profile.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The profile, or <see langword="null"/> when the customer was never registered.</returns>
    public Task<CustomerProfile?> GetCustomerAsync(CustomerId customerId, CancellationToken cancellationToken = default) =>
        _customers.FindAsync(Guard.Customer(customerId), cancellationToken);

    /// <summary>Changes a customer's profile, retrying on concurrent changes.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="change">A function from the current profile to the new one, typically a <c>with</c> expression; it may run more than once and must not change the id.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The stored profile. When <paramref name="change"/> changes nothing, nothing is written and the version stays.</returns>
    /// <exception cref="CrmValidationException">The customer does not exist (<see cref="CrmErrorCodes.CustomerNotFound"/>), or the new profile is not valid.</exception>
    /// <exception cref="CrmConcurrencyException">Other writers won every retry.</exception>
    public async Task<CustomerProfile> UpdateCustomerAsync(CustomerId customerId, Func<CustomerProfile, CustomerProfile> change, CancellationToken cancellationToken = default)
    {
        Guard.Customer(customerId);
        Guard.NotNull(change);
        return await _settings.Retry.RunAsync(
            async _ =>
            {
                var current = await _customers.FindAsync(customerId, cancellationToken).ConfigureAwait(false)
                    ?? throw new CrmValidationException(CrmErrorCodes.CustomerNotFound, "CustomerId", $"Customer {customerId} is not registered.");
                var changed = Normalize(change(current) ?? throw new InvalidOperationException("The change function returned null."));
                if (changed.Id != customerId)
                {
                    throw new CrmValidationException(CrmErrorCodes.CustomerProfileInvalid, "Id", $"A profile update cannot change the customer id ({customerId} to {changed.Id}).");
                }

                changed = changed with { Version = current.Version };
                return SameProfile(current, changed)
                    ? current
                    : await _customers.UpdateAsync(changed, current.Version, cancellationToken).ConfigureAwait(false);
            },
            CrmTelemetry.ConcurrencyRetries,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Erases a customer's personal data: name, phone, e-mail and birthday from the profile, then what each installed
    /// package keeps (free text such as feedback notes and comments) through its <see cref="ICustomerDataContributor"/>.
    /// The id, activity, metrics and ledgers stay, so the programme's totals remain correct.
    /// </summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The stored profile, with <see cref="CustomerProfile.ErasedAt"/> set. Erasing twice changes nothing the second time.</returns>
    /// <remarks>The profile and each package are erased one after the other; a failure part-way leaves the rest to a call again, which finishes it.</remarks>
    /// <exception cref="CrmValidationException">The customer does not exist (<see cref="CrmErrorCodes.CustomerNotFound"/>).</exception>
    public async Task<CustomerProfile> EraseCustomerPersonalDataAsync(CustomerId customerId, CancellationToken cancellationToken = default)
    {
        Guard.Customer(customerId);
        var now = _clock.GetCurrentInstant();
        var profile = await UpdateCustomerAsync(
            customerId,
            p => p is { Name: null, Phone: null, Email: null, Birthday: null, ErasedAt: not null }
                ? p
                : p with { Name = null, Phone = null, Email = null, Birthday = null, ErasedAt = now },
            cancellationToken).ConfigureAwait(false);
        foreach (var contributor in _dataContributors)
        {
            await contributor.EraseAsync(customerId, profile.ErasedAt ?? now, cancellationToken).ConfigureAwait(false);
        }

        return profile;
    }

    /// <summary>Gets a customer's activity metrics.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The metrics; empty metrics at version 0 when nothing was recorded for the customer.</returns>
    public async Task<CustomerMetrics> GetMetricsAsync(CustomerId customerId, CancellationToken cancellationToken = default) =>
        await _activity.GetMetricsAsync(Guard.Customer(customerId), cancellationToken).ConfigureAwait(false)
        ?? CustomerMetrics.Empty(customerId, Currency);

    /// <summary>Reads a page of a customer's activity journal.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="afterSequence">Return entries after this sequence number; 0 for the start.</param>
    /// <param name="limit">The largest number of entries to return.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>Up to <paramref name="limit"/> entries, oldest first.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is not positive or <paramref name="afterSequence"/> is negative.</exception>
    public Task<IReadOnlyList<ActivityEntry>> GetJournalAsync(CustomerId customerId, long afterSequence = 0, int limit = 100, CancellationToken cancellationToken = default)
    {
        Guard.Customer(customerId);
        ArgumentOutOfRangeException.ThrowIfNegative(afterSequence);
        Guard.Positive(limit);
        return _activity.GetEntriesAsync(Guard.Customer(customerId), afterSequence, limit, cancellationToken);
    }

    /// <summary>Records a purchase in a unit of work: the replay check, the journal entry and every handler; the caller commits.</summary>
    private async Task<(RecordPurchaseResult Result, IReadOnlyList<CrmEvent> Events)> RecordPurchaseInAsync(IStoreUnitOfWork unit, Purchase purchase, ActivityEntry entry, Instant now, CancellationToken cancellationToken)
    {
        var activity = unit.GetStore<IActivityStore>();
        var stored = await activity.FindEntryAsync(ActivityKind.Purchase, entry.Id, cancellationToken).ConfigureAwait(false);
        if (stored is not null)
        {
            FactResolver.EnsureSamePurchase(stored, entry);
        }

        var before = await activity.GetMetricsAsync(entry.CustomerId, cancellationToken).ConfigureAwait(false) ?? CustomerMetrics.Empty(entry.CustomerId, Currency);
        PurchaseContext context;
        if (stored is not null)
        {
            context = new PurchaseContext(purchase, stored, before, before, isReplay: true, now, unit, _tiers);
        }
        else
        {
            var appended = entry with { Sequence = before.Version + 1 };
            var after = before.Apply(appended);
            if (after.NetSpend.Amount > _settings.Options.MaxCustomerNetSpend)
            {
                throw new CrmValidationException(
                    CrmErrorCodes.PurchaseCustomerSpendTooLarge,
                    "PaidTotal",
                    $"Purchase {entry.Id} would take customer {entry.CustomerId}'s net spend to {after.NetSpend}, above the largest a customer may accumulate ({new Money(_settings.Options.MaxCustomerNetSpend, Currency)}, CrmOptions.MaxCustomerNetSpend).");
            }

            await activity.AppendAsync(appended, before.Version, cancellationToken).ConfigureAwait(false);
            context = new PurchaseContext(purchase, appended, before, after, isReplay: false, now, unit, _tiers);
        }

        foreach (var handler in _purchaseHandlers)
        {
            using var span = HandlerSpan(handler.GetType(), handler.Order);
            await handler.HandleAsync(context, cancellationToken).ConfigureAwait(false);
        }

        return (new RecordPurchaseResult(context.IsReplay ? RecordStatus.Replayed : RecordStatus.Recorded, context.Entry, context.Metrics, context.Outcomes), context.Events);
    }

    /// <summary>Records a refund in a unit of work: the replay check, what is left of the purchase, the journal entry and every handler; the caller commits.</summary>
    private async Task<(RecordRefundResult Result, IReadOnlyList<CrmEvent> Events)> RecordRefundInAsync(IStoreUnitOfWork unit, Refund refund, Instant now, CancellationToken cancellationToken)
    {
        var activity = unit.GetStore<IActivityStore>();
        var stored = await activity.FindEntryAsync(ActivityKind.Refund, refund.Id, cancellationToken).ConfigureAwait(false);
        if (stored is not null)
        {
            FactResolver.EnsureSameRefund(stored, refund);
        }

        var purchaseId = stored?.PurchaseId ?? refund.PurchaseId;
        var purchase = await activity.FindEntryAsync(ActivityKind.Purchase, purchaseId, cancellationToken).ConfigureAwait(false)
            ?? throw new CrmValidationException(CrmErrorCodes.RefundPurchaseNotFound, "PurchaseId", $"Refund {refund.Id} names purchase {refund.PurchaseId}, which was never recorded.");
        await PrefetchAsync(unit, new StorePrefetch { Customers = [purchase.CustomerId] }, cancellationToken).ConfigureAwait(false);
        var before = await activity.GetMetricsAsync(purchase.CustomerId, cancellationToken).ConfigureAwait(false) ?? CustomerMetrics.Empty(purchase.CustomerId, Currency);
        RefundContext context;
        if (stored is not null)
        {
            context = new RefundContext(refund, stored, purchase, before, before, isReplay: true, now, unit, _tiers);
        }
        else
        {
            // The append expects the metrics version read before the earlier refunds: a refund of the customer appended in
            // between moves it, the commit fails, and this refund is resolved again against what is then left.
            var earlier = await activity.GetRefundsOfPurchaseAsync(purchase.Id, cancellationToken).ConfigureAwait(false);
            var appended = _resolver.ResolveRefund(refund, purchase, earlier, now) with { Sequence = before.Version + 1 };
            var after = before.Apply(appended);
            await activity.AppendAsync(appended, before.Version, cancellationToken).ConfigureAwait(false);
            context = new RefundContext(refund, appended, purchase, before, after, isReplay: false, now, unit, _tiers);
        }

        foreach (var handler in _refundHandlers)
        {
            using var span = HandlerSpan(handler.GetType(), handler.Order);
            await handler.HandleAsync(context, cancellationToken).ConfigureAwait(false);
        }

        return (new RecordRefundResult(context.IsReplay ? RecordStatus.Replayed : RecordStatus.Recorded, context.Entry, context.Metrics, context.Outcomes), context.Events);
    }

    /// <summary>A span for one handler's part of a fact, named after the handler so a trace shows where the time went.</summary>
    private static Activity? HandlerSpan(Type handler, int order)
    {
        var span = CrmTelemetry.Source.StartActivity("crm.handler");
        if (span is not null)
        {
            span.DisplayName = "crm.handler " + handler.Name;
            span.SetTag("crm.handler", handler.FullName);
            span.SetTag("crm.handler.order", order);
        }

        return span;
    }

    /// <summary>Records a fact under a span of its own: the fact's id, its status, or the error code it was refused with.</summary>
    private static async Task<T> TracedAsync<T>(string name, string? factId, Func<Task<T>> record)
        where T : RecordResult
    {
        using var span = CrmTelemetry.Source.StartActivity(name);
        span?.SetTag("crm.fact.id", factId);
        try
        {
            var result = await record().ConfigureAwait(false);
            span?.SetTag("crm.fact.status", result.Status.ToString());
            return result;
        }
        catch (Exception e) when (Failed(span, e))
        {
            throw;
        }
    }

    private static async Task PrefetchAsync(IStoreUnitOfWork unit, StorePrefetch prefetch, CancellationToken cancellationToken)
    {
        using var span = CrmTelemetry.Source.StartActivity("crm.unit.prefetch");
        await unit.PrefetchAsync(prefetch, cancellationToken).ConfigureAwait(false);
    }

    private static async Task CommitAsync(IStoreUnitOfWork unit, CancellationToken cancellationToken)
    {
        using var span = CrmTelemetry.Source.StartActivity("crm.unit.commit");
        await unit.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Marks a fact's span failed with the error code (a filter: it returns false, so the exception flows on untouched).</summary>
    private static bool Failed(Activity? span, Exception e)
    {
        span?.SetStatus(ActivityStatusCode.Error, e is CrmException crm ? crm.ErrorCode : e.GetType().Name);
        return false;
    }

    /// <summary>Publishes a committed unit's events. A sink that fails does not undo the fact: the failure is logged.</summary>
    private async Task PublishAsync(IReadOnlyList<CrmEvent> events)
    {
        foreach (var crmEvent in events)
        {
            try
            {
                // Not cancellable: the fact is committed, and the host is told about it whatever the caller's token says now.
                await _events.PublishAsync(crmEvent, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                Log.PublishFailed(_logger, exception, crmEvent.GetType().Name, crmEvent.EventId);
            }
        }
    }

    private void Count(RecordResult result)
    {
        var entry = result.Entry;
        var purchase = entry.Kind == ActivityKind.Purchase;
        if (result.IsReplay)
        {
            (purchase ? CrmTelemetry.PurchasesReplayed : CrmTelemetry.RefundsReplayed).Add(1);
            if (purchase)
            {
                Log.PurchaseReplayed(_logger, entry.Id);
            }
            else
            {
                Log.RefundReplayed(_logger, entry.Id);
            }
        }
        else if (purchase)
        {
            CrmTelemetry.PurchasesRecorded.Add(1);
            Log.PurchaseRecorded(_logger, entry.Id, entry.CustomerId.Value, entry.Sequence);
        }
        else
        {
            CrmTelemetry.RefundsRecorded.Add(1);
            Log.RefundRecorded(_logger, entry.Id, entry.PurchaseId, entry.Amount);
        }
    }

    private static CustomerProfile Normalize(CustomerProfile profile)
    {
        if (profile.Id.IsDefault)
        {
            throw new CrmValidationException(CrmErrorCodes.CustomerIdInvalid, "Id", "The profile has no customer id.");
        }

        var tags = profile.Tags ?? [];
        for (var i = 0; i < tags.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(tags[i]))
            {
                throw new CrmValidationException(CrmErrorCodes.CustomerProfileInvalid, $"Tags[{i}]", $"Tag {i} of customer {profile.Id} is empty.");
            }
        }

        return profile with { Tags = [.. tags.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)] };
    }

    private static bool SameProfile(CustomerProfile a, CustomerProfile b) =>
        a with { Tags = [] } == b with { Tags = [] } && a.Tags.SequenceEqual(b.Tags, StringComparer.Ordinal);

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Recorded purchase {PurchaseId} for customer {CustomerId} as journal entry {Sequence}.")]
        public static partial void PurchaseRecorded(ILogger logger, string purchaseId, string customerId, long sequence);

        [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Purchase {PurchaseId} was recorded before; nothing was written.")]
        public static partial void PurchaseReplayed(ILogger logger, string purchaseId);

        [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "Recorded refund {RefundId} of purchase {PurchaseId}: {Amount} given back.")]
        public static partial void RefundRecorded(ILogger logger, string refundId, string purchaseId, Money amount);

        [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Refund {RefundId} was recorded before; nothing was written.")]
        public static partial void RefundReplayed(ILogger logger, string refundId);

        [LoggerMessage(EventId = 5, Level = LogLevel.Error, Message = "Publishing {EventType} {EventId} failed; the fact it belongs to is recorded.")]
        public static partial void PublishFailed(ILogger logger, Exception exception, string eventType, string eventId);
    }
}
