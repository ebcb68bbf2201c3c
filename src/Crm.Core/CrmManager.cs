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
/// <para>A purchase is validated, resolved to exact amounts per line, appended to the activity journal (which
/// updates the customer's metrics in the same atomic write), and then handed to each <see cref="IPurchaseHandler"/>
/// in the order of <see cref="CrmHandlerOrder"/>: membership, points, coupons, signals, then the host's own.
/// Refunds follow the same path with <see cref="IRefundHandler"/>s.</para>
/// <para>Every write is idempotent by the host's id. Recording a purchase or refund id again changes nothing,
/// reports <see cref="RecordStatus.AlreadyRecorded"/>, and still runs the handlers as a replay, so a host that
/// crashed half-way simply calls again.</para>
/// </remarks>
/// <threadsafety>Safe to use from many threads at once; register it as a singleton.</threadsafety>
public sealed partial class CrmManager
{
    private readonly IActivityStore _activity;
    private readonly ICustomerStore _customers;
    private readonly IPurchaseHandler[] _purchaseHandlers;
    private readonly IRefundHandler[] _refundHandlers;
    private readonly IClock _clock;
    private readonly CrmOptions _options;
    private readonly FactResolver _resolver;
    private readonly ILogger<CrmManager> _logger;

    /// <summary>Initializes a new instance of the <see cref="CrmManager"/> class.</summary>
    /// <param name="activityStore">The activity journal store.</param>
    /// <param name="customerStore">The customer profile store.</param>
    /// <param name="purchaseHandlers">The purchase handlers of the installed packages and the host.</param>
    /// <param name="refundHandlers">The refund handlers of the installed packages and the host.</param>
    /// <param name="clock">The clock.</param>
    /// <param name="options">The programme's settings.</param>
    /// <param name="logger">The logger, or <see langword="null"/> for none.</param>
    /// <exception cref="OptionsValidationException">The options are not valid.</exception>
    public CrmManager(
        IActivityStore activityStore,
        ICustomerStore customerStore,
        IEnumerable<IPurchaseHandler> purchaseHandlers,
        IEnumerable<IRefundHandler> refundHandlers,
        IClock clock,
        IOptions<CrmOptions> options,
        ILogger<CrmManager>? logger = null)
    {
        _activity = Guard.NotNull(activityStore);
        _customers = Guard.NotNull(customerStore);
        _purchaseHandlers = [.. Guard.NotNull(purchaseHandlers).OrderBy(h => h.Order)];
        _refundHandlers = [.. Guard.NotNull(refundHandlers).OrderBy(h => h.Order)];
        _clock = Guard.NotNull(clock);
        _options = Guard.NotNull(options).Value;
        _logger = logger ?? (ILogger<CrmManager>)Microsoft.Extensions.Logging.Abstractions.NullLogger<CrmManager>.Instance;
        var validation = new CrmOptionsValidator().Validate(null, _options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(CrmOptions), validation.Failures);
        }

        _resolver = new FactResolver(_options.Currency!, _options.TimeZone!, _options.Rounding, _options.MaxClockSkew);
    }

    /// <summary>Gets the programme's currency.</summary>
    public Currency Currency => _options.Currency!;

    /// <summary>Gets the programme's time zone.</summary>
    public DateTimeZone TimeZone => _options.TimeZone!;

    /// <summary>Records a purchase and runs the purchase handlers.</summary>
    /// <param name="purchase">The purchase.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>Whether the purchase was new, the customer's metrics after it, and what each handler did.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="purchase"/> is <see langword="null"/>.</exception>
    /// <exception cref="CrmValidationException">The purchase is not valid (a <c>purchase.*</c> code of <see cref="CrmErrorCodes"/>), or its id was recorded before with different content; nothing was written.</exception>
    public async Task<RecordPurchaseResult> RecordPurchaseAsync(Purchase purchase, CancellationToken cancellationToken = default)
    {
        var now = _clock.GetCurrentInstant();
        var entry = _resolver.ResolvePurchase(purchase, now);

        // Purchases only add to the metrics, so they need no expected version: parallel tills never conflict.
        var append = await _activity.AppendAsync(entry, expectedVersion: null, cancellationToken).ConfigureAwait(false);
        if (append.Appended)
        {
            CrmTelemetry.PurchasesRecorded.Add(1);
            Log.PurchaseRecorded(_logger, purchase.Id, purchase.CustomerId.Value, append.Entry.Sequence);
        }
        else
        {
            FactResolver.EnsureSamePurchase(append.Entry, entry);
            CrmTelemetry.PurchasesReplayed.Add(1);
            Log.PurchaseReplayed(_logger, purchase.Id);
        }

        var context = new PurchaseContext(purchase, append.Entry, append.Metrics, isReplay: !append.Appended, now);
        foreach (var handler in _purchaseHandlers)
        {
            await handler.HandleAsync(context, cancellationToken).ConfigureAwait(false);
        }

        return new RecordPurchaseResult(append.Appended ? RecordStatus.Recorded : RecordStatus.AlreadyRecorded, append.Entry, append.Metrics, context.Outcomes);
    }

    /// <summary>Records a refund of an earlier purchase and runs the refund handlers.</summary>
    /// <param name="refund">The refund.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>Whether the refund was new, what it gave back per line, the metrics after it, and what each handler did.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="refund"/> is <see langword="null"/>.</exception>
    /// <exception cref="CrmValidationException">The refund is not valid (a <c>refund.*</c> code of <see cref="CrmErrorCodes"/>), for example larger than what is left of the purchase; nothing was written.</exception>
    /// <exception cref="CrmConcurrencyException">Other writes for the same customer won every retry.</exception>
    public async Task<RecordRefundResult> RecordRefundAsync(Refund refund, CancellationToken cancellationToken = default)
    {
        var now = _clock.GetCurrentInstant();
        _resolver.ValidateRefundShape(refund, now);
        for (var attempt = 0; ; attempt++)
        {
            var stored = await _activity.FindEntryAsync(ActivityKind.Refund, refund.Id, cancellationToken).ConfigureAwait(false);
            if (stored is not null)
            {
                return await ReplayRefundAsync(refund, stored, now, cancellationToken).ConfigureAwait(false);
            }

            var purchase = await _activity.FindEntryAsync(ActivityKind.Purchase, refund.PurchaseId, cancellationToken).ConfigureAwait(false)
                ?? throw new CrmValidationException(CrmErrorCodes.RefundPurchaseNotFound, "PurchaseId", $"Refund {refund.Id} names purchase {refund.PurchaseId}, which was never recorded.");

            // The version read before the earlier refunds guards the check "not more than what is left": a refund
            // appended in between moves the version, and this one is resolved again.
            var metrics = await _activity.GetMetricsAsync(purchase.CustomerId, cancellationToken).ConfigureAwait(false);
            var earlier = await _activity.GetRefundsOfPurchaseAsync(purchase.Id, cancellationToken).ConfigureAwait(false);
            var entry = _resolver.ResolveRefund(refund, purchase, earlier, now);
            AppendActivityResult append;
            try
            {
                append = await _activity.AppendAsync(entry, metrics?.Version ?? 0, cancellationToken).ConfigureAwait(false);
            }
            catch (CrmConcurrencyException) when (attempt < _options.MaxConcurrencyRetries)
            {
                CrmTelemetry.ConcurrencyRetries.Add(1);
                continue;
            }

            if (!append.Appended)
            {
                return await ReplayRefundAsync(refund, append.Entry, now, cancellationToken).ConfigureAwait(false);
            }

            CrmTelemetry.RefundsRecorded.Add(1);
            Log.RefundRecorded(_logger, refund.Id, purchase.Id, append.Entry.Amount);
            return await RunRefundHandlersAsync(refund, append.Entry, purchase, append.Metrics, isReplay: false, now, cancellationToken).ConfigureAwait(false);
        }
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
        return new RegisterCustomerResult(stored, created);
    }

    /// <summary>Gets a customer's profile.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The profile, or <see langword="null"/> when the customer was never registered.</returns>
    public Task<CustomerProfile?> GetCustomerAsync(CustomerId customerId, CancellationToken cancellationToken = default) =>
        _customers.FindAsync(RequireId(customerId), cancellationToken);

    /// <summary>Changes a customer's profile, retrying on concurrent changes.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="change">A function from the current profile to the new one, typically a <c>with</c> expression; it may run more than once and must not change the id.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The stored profile. When <paramref name="change"/> changes nothing, nothing is written and the version stays.</returns>
    /// <exception cref="CrmValidationException">The customer does not exist (<see cref="CrmErrorCodes.CustomerNotFound"/>), or the new profile is not valid.</exception>
    /// <exception cref="CrmConcurrencyException">Other writers won every retry.</exception>
    public async Task<CustomerProfile> UpdateCustomerAsync(CustomerId customerId, Func<CustomerProfile, CustomerProfile> change, CancellationToken cancellationToken = default)
    {
        RequireId(customerId);
        Guard.NotNull(change);
        for (var attempt = 0; ; attempt++)
        {
            var current = await _customers.FindAsync(customerId, cancellationToken).ConfigureAwait(false)
                ?? throw new CrmValidationException(CrmErrorCodes.CustomerNotFound, "CustomerId", $"Customer {customerId} is not registered.");
            var changed = Normalize(change(current) ?? throw new InvalidOperationException("The change function returned null."));
            if (changed.Id != customerId)
            {
                throw new CrmValidationException(CrmErrorCodes.CustomerProfileInvalid, "Id", $"A profile update cannot change the customer id ({customerId} to {changed.Id}).");
            }

            changed = changed with { Version = current.Version };
            if (SameProfile(current, changed))
            {
                return current;
            }

            try
            {
                return await _customers.UpdateAsync(changed, current.Version, cancellationToken).ConfigureAwait(false);
            }
            catch (CrmConcurrencyException) when (attempt < _options.MaxConcurrencyRetries)
            {
                CrmTelemetry.ConcurrencyRetries.Add(1);
            }
        }
    }

    /// <summary>
    /// Erases a customer's personal data (name, phone, e-mail, birthday) from the profile, the only place it is kept.
    /// The id, activity, metrics and ledgers stay, so the programme's totals remain correct.
    /// </summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The stored profile, with <see cref="CustomerProfile.ErasedAt"/> set. Erasing twice changes nothing the second time.</returns>
    /// <exception cref="CrmValidationException">The customer does not exist (<see cref="CrmErrorCodes.CustomerNotFound"/>).</exception>
    public Task<CustomerProfile> EraseCustomerPersonalDataAsync(CustomerId customerId, CancellationToken cancellationToken = default)
    {
        var now = _clock.GetCurrentInstant();
        return UpdateCustomerAsync(
            customerId,
            p => p is { Name: null, Phone: null, Email: null, Birthday: null, ErasedAt: not null }
                ? p
                : p with { Name = null, Phone = null, Email = null, Birthday = null, ErasedAt = now },
            cancellationToken);
    }

    /// <summary>Gets a customer's activity metrics.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The metrics; empty metrics at version 0 when nothing was recorded for the customer.</returns>
    public async Task<CustomerMetrics> GetMetricsAsync(CustomerId customerId, CancellationToken cancellationToken = default) =>
        await _activity.GetMetricsAsync(RequireId(customerId), cancellationToken).ConfigureAwait(false)
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
        ArgumentOutOfRangeException.ThrowIfNegative(afterSequence);
        Guard.Positive(limit);
        return _activity.GetEntriesAsync(RequireId(customerId), afterSequence, limit, cancellationToken);
    }

    private async Task<RecordRefundResult> ReplayRefundAsync(Refund refund, ActivityEntry stored, Instant now, CancellationToken cancellationToken)
    {
        FactResolver.EnsureSameRefund(stored, refund);
        CrmTelemetry.RefundsReplayed.Add(1);
        Log.RefundReplayed(_logger, refund.Id);
        var purchase = await _activity.FindEntryAsync(ActivityKind.Purchase, stored.PurchaseId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The journal holds refund {stored.Id} but not its purchase {stored.PurchaseId}; the store is inconsistent.");
        var metrics = await GetMetricsAsync(stored.CustomerId, cancellationToken).ConfigureAwait(false);
        return await RunRefundHandlersAsync(refund, stored, purchase, metrics, isReplay: true, now, cancellationToken).ConfigureAwait(false);
    }

    private async Task<RecordRefundResult> RunRefundHandlersAsync(Refund refund, ActivityEntry entry, ActivityEntry purchase, CustomerMetrics metrics, bool isReplay, Instant now, CancellationToken cancellationToken)
    {
        var context = new RefundContext(refund, entry, purchase, metrics, isReplay, now);
        foreach (var handler in _refundHandlers)
        {
            await handler.HandleAsync(context, cancellationToken).ConfigureAwait(false);
        }

        return new RecordRefundResult(isReplay ? RecordStatus.AlreadyRecorded : RecordStatus.Recorded, entry, metrics, context.Outcomes);
    }

    private static CustomerId RequireId(CustomerId customerId) =>
        customerId.IsDefault
            ? throw new ArgumentException("default(CustomerId) names no customer.", nameof(customerId))
            : customerId;

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

        [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Purchase {PurchaseId} was recorded before; replaying its handlers.")]
        public static partial void PurchaseReplayed(ILogger logger, string purchaseId);

        [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "Recorded refund {RefundId} of purchase {PurchaseId}: {Amount} given back.")]
        public static partial void RefundRecorded(ILogger logger, string refundId, string purchaseId, Money amount);

        [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Refund {RefundId} was recorded before; replaying its handlers.")]
        public static partial void RefundReplayed(ILogger logger, string refundId);
    }
}
