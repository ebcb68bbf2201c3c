using Crm.Internal;
using Crm.Segmentation.Internal;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Text;

namespace Crm.Segmentation;

/// <summary>
/// Scores every customer and keeps their segment memberships: RFM with the named R×F map, value and frequency tiers,
/// preference and lifecycle segments and rule segments, each assignment with its explanation.
/// </summary>
/// <remarks>
/// <para>A run (<see cref="RunAsync"/>) streams the population from the stores in pages, so memory holds one page plus
/// 16 bytes per customer for the quantile bins. A first pass reads the RFM inputs of everyone (pushed down into SQL when the
/// adapter provides <see cref="ISegmentInputStore"/>); the second assigns, saves and publishes <see cref="SegmentEnteredEvent"/>
/// and <see cref="SegmentLeftEvent"/> page by page, recording its cursor in the run record.</para>
/// <para>The run id derives from the as-of instant, so a run that is interrupted and started again with the same as-of continues
/// where it stopped and ends with the same memberships; events of the page that was interrupted are published again with the same
/// <see cref="CrmEvent.EventId"/>. A customer whose record comes from a run with a later as-of is left as it is.</para>
/// <para>Metrics are read as they are when the run reads them: purchases recorded after the as-of instant but in its month count in the
/// window's last month, and a last purchase after the as-of instant counts as 0 days. Prospects (registered customers who never bought)
/// have no metrics to stream, so runs do not list them.</para>
/// </remarks>
/// <threadsafety>Safe to use from many threads at once; register it as a singleton. Run one run per as-of at a time.</threadsafety>
public sealed class SegmentationManager
{
    private readonly ISegmentStore _store;
    private readonly ISegmentInputStore? _inputs;
    private readonly IActivityStore _activity;
    private readonly ICustomerStore _customers;
    private readonly ICustomerTierProvider _tiers;
    private readonly ICrmEventSink _events;
    private readonly IClock _clock;
    private readonly SegmentationOptions _options;
    private readonly ProgrammeSettings _settings;
    private readonly SegmentEngine _engine;

    /// <summary>Initializes a new instance of the <see cref="SegmentationManager"/> class.</summary>
    /// <param name="store">The segment store.</param>
    /// <param name="inputs">The adapter's RFM push-down, if it registers one (the last registered is used).</param>
    /// <param name="activity">The activity store, for metrics and journals.</param>
    /// <param name="customers">The customer store, for tags and birthdays in rules.</param>
    /// <param name="tiers">The membership tiers, for tier conditions in rules.</param>
    /// <param name="events">Where enter and leave events are published.</param>
    /// <param name="clock">The clock.</param>
    /// <param name="crmOptions">The programme settings (currency, time zone).</param>
    /// <param name="options">The segmentation settings.</param>
    /// <exception cref="OptionsValidationException">The settings or the policy are not valid.</exception>
    public SegmentationManager(
        ISegmentStore store,
        IEnumerable<ISegmentInputStore> inputs,
        IActivityStore activity,
        ICustomerStore customers,
        ICustomerTierProvider tiers,
        ICrmEventSink events,
        IClock clock,
        IOptions<CrmOptions> crmOptions,
        IOptions<SegmentationOptions> options)
    {
        ArgumentNullException.ThrowIfNull(crmOptions);
        ArgumentNullException.ThrowIfNull(options);
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _inputs = inputs?.LastOrDefault();
        _activity = activity ?? throw new ArgumentNullException(nameof(activity));
        _customers = customers ?? throw new ArgumentNullException(nameof(customers));
        _tiers = tiers ?? throw new ArgumentNullException(nameof(tiers));
        _events = events ?? throw new ArgumentNullException(nameof(events));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _options = options.Value;
        var validation = new SegmentationOptionsValidator().Validate(null, _options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(SegmentationOptions), validation.Failures);
        }

        _settings = ProgrammeSettings.From(crmOptions);
        _engine = new SegmentEngine(_options.Policy, _settings.Zone, _settings.Currency);
    }

    /// <summary>Gets the segmentation policy.</summary>
    public SegmentationPolicy Policy => _engine.Policy;

    /// <summary>Gets whether the storage adapter computes RFM inputs in the database (<see cref="ISegmentInputStore"/>).</summary>
    public bool SupportsRfmPushDown => _inputs is not null;

    /// <summary>Gets the id of the run for an as-of instant: <c>seg-</c> and the instant in extended ISO form.</summary>
    /// <param name="asOf">The as-of instant.</param>
    /// <returns>The run id, such as <c>seg-2026-06-01T00:00:00Z</c>.</returns>
    public static string RunIdFor(Instant asOf) => "seg-" + InstantPattern.ExtendedIso.Format(asOf);

    /// <summary>Runs segmentation over every customer with activity, as of an instant.</summary>
    /// <param name="asOf">The as-of instant; <see langword="null"/> for now.</param>
    /// <param name="progress">Receives progress after each page, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">A token to cancel the run; a cancelled run continues from its cursor when started again with the same as-of.</param>
    /// <returns>What this call did.</returns>
    /// <exception cref="CrmValidationException">The as-of instant is later than now (<see cref="SegmentationErrorCodes.AsOfInFuture"/>).</exception>
    public async Task<SegmentationRunResult> RunAsync(Instant? asOf = null, IProgress<SegmentationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        using var span = SegmentationTelemetry.Source.StartActivity("crm.segmentation.run");
        var now = _clock.GetCurrentInstant();
        var at = asOf ?? now;
        if (at > now)
        {
            throw new CrmValidationException(SegmentationErrorCodes.AsOfInFuture, nameof(asOf), $"The as-of instant {at} is later than now ({now}).");
        }

        var runId = RunIdFor(at);
        var run = await _store.FindRunAsync(runId, cancellationToken).ConfigureAwait(false)
            ?? new SegmentationRun { RunId = runId, AsOf = at, StartedAt = now };
        if (run.CompletedAt is not null)
        {
            return new SegmentationRunResult { RunId = runId, AsOf = at, Customers = 0, Entered = 0, Left = 0 };
        }

        await _store.SaveRunAsync(run, cancellationToken).ConfigureAwait(false);
        var population = _engine.NeedsPopulation
            ? await ReadPopulationAsync(runId, at, progress, cancellationToken).ConfigureAwait(false)
            : new Population();

        // One run is in one culture: its explanations are written lazily, maybe on another thread, in the culture of its start.
        var context = _engine.Context(at, runId, _settings.Culture);
        long customers = 0, entered = 0, left = 0;
        var cursor = run.Cursor;
        while (true)
        {
            var page = await _activity.ListMetricsAsync(cursor, _options.PageSize, cancellationToken).ConfigureAwait(false);
            if (page.Count == 0)
            {
                break;
            }

            var evaluated = new CustomerSegments[page.Count];
            if (_engine.NeedsProfile || _engine.NeedsJournal || _engine.NeedsTier)
            {
                for (var i = 0; i < page.Count; i++)
                {
                    var metrics = page[i];
                    var profile = _engine.NeedsProfile ? await _customers.FindAsync(metrics.CustomerId, cancellationToken).ConfigureAwait(false) : null;
                    var journal = _engine.NeedsJournal ? await ReadJournalAsync(metrics.CustomerId, at, cancellationToken).ConfigureAwait(false) : null;
                    var tier = _engine.NeedsTier ? await _tiers.GetTierAsync(metrics.CustomerId, at, null, cancellationToken).ConfigureAwait(false) : null;
                    evaluated[i] = _engine.Evaluate(metrics, profile, journal, population, context, tier);
                }
            }
            else
            {
                // Pure scoring (no reads per customer): the page's customers are independent, so they are scored on all cores.
                Parallel.For(0, page.Count, new ParallelOptions { CancellationToken = cancellationToken }, i => evaluated[i] = _engine.Evaluate(page[i], null, null, population, context));
            }

            var (e, l) = await SavePageAsync(evaluated, runId, at, cancellationToken).ConfigureAwait(false);
            entered += e;
            left += l;
            customers += page.Count;
            cursor = page[^1].CustomerId;
            run = run with { Cursor = cursor, Customers = run.Customers + page.Count };
            await _store.SaveRunAsync(run, cancellationToken).ConfigureAwait(false);
            progress?.Report(new SegmentationProgress(runId, SegmentationPhase.Assigning, run.Customers));
        }

        await _store.SaveRunAsync(run with { CompletedAt = _clock.GetCurrentInstant() }, cancellationToken).ConfigureAwait(false);
        progress?.Report(new SegmentationProgress(runId, SegmentationPhase.Completed, run.Customers));
        SegmentationTelemetry.CustomersAssigned.Add(customers);
        span?.SetTag("crm.segmentation.customers", customers);
        return new SegmentationRunResult { RunId = runId, AsOf = at, Customers = customers, Entered = entered, Left = left };
    }

    /// <summary>Gets a customer's segments, with scores and explanations, as the latest run left them.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The record, or <see langword="null"/> when no run has reached the customer.</returns>
    public Task<CustomerSegments?> GetSegmentsAsync(CustomerId customerId, CancellationToken cancellationToken = default) =>
        _store.FindAsync(Guard.Customer(customerId), cancellationToken);

    /// <summary>Reads a page of the customers in a segment.</summary>
    /// <param name="segment">The segment's name.</param>
    /// <param name="after">The last customer of the previous page, or <see langword="null"/> for the first page.</param>
    /// <param name="limit">The page size, 1 to 10,000.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>Customer ids in ascending ordinal order; empty after the last page.</returns>
    /// <exception cref="CrmValidationException">The segment name is empty (<see cref="SegmentationErrorCodes.SegmentNameInvalid"/>).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is out of range.</exception>
    public Task<IReadOnlyList<CustomerId>> ListCustomersAsync(string segment, CustomerId? after = null, int limit = 100, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(segment))
        {
            throw new CrmValidationException(SegmentationErrorCodes.SegmentNameInvalid, nameof(segment), "A segment name is required.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, 10_000);
        return _store.ListMembersAsync(segment, after, limit, cancellationToken);
    }

    /// <summary>
    /// Counts the customers of every segment, for reports: a segment with fewer customers than
    /// <see cref="CrmOptions.MinimumGroupSize"/> (but at least one) has its count suppressed (<see cref="SegmentCount.Customers"/>
    /// <see langword="null"/>, <see cref="SegmentCount.IsSuppressed"/> set), so that a report cannot single out a person.
    /// </summary>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The counts in ascending ordinal order of segment name; a segment with no customers has no row.</returns>
    /// <remarks><see cref="ListCustomersAsync"/> is the operator's list for targeting and names every member whatever the segment's size.</remarks>
    public async Task<IReadOnlyList<SegmentCount>> GetCountsAsync(CancellationToken cancellationToken = default)
    {
        var counts = await _store.CountAsync(cancellationToken).ConfigureAwait(false);
        var minimum = _settings.MinimumGroupSize;
        return [.. counts.Select(c => c.Customers is { } n && n > 0 && n < minimum ? new SegmentCount(c.Segment, null) { IsSuppressed = true } : c)];
    }

    /// <summary>Gets the record of a run.</summary>
    /// <param name="asOf">The run's as-of instant.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The record, or <see langword="null"/> when no run had that as-of.</returns>
    public Task<SegmentationRun?> GetRunAsync(Instant asOf, CancellationToken cancellationToken = default) => _store.FindRunAsync(RunIdFor(asOf), cancellationToken);

    private async Task<Population> ReadPopulationAsync(string runId, Instant asOf, IProgress<SegmentationProgress>? progress, CancellationToken cancellationToken)
    {
        var population = new Population();
        var (first, last) = _engine.Window(asOf);
        var asOfDate = _engine.LocalDate(asOf);
        CustomerId? cursor = null;
        long read = 0;
        while (true)
        {
            int count;
            if (_inputs is not null)
            {
                var inputs = await _inputs.ListRfmInputsAsync(cursor, _options.PageSize, first, last, cancellationToken).ConfigureAwait(false);
                if (inputs.Count == 0)
                {
                    break;
                }

                foreach (var input in inputs)
                {
                    if (_engine.RecencyDays(input.FirstPurchaseAt, input.LastPurchaseAt, asOf, asOfDate) is { } days)
                    {
                        population.Add(days, input.Frequency, input.Monetary.ToMinorUnits());
                    }
                }

                count = inputs.Count;
                cursor = inputs[^1].CustomerId;
            }
            else
            {
                // The inputs an ISegmentInputStore would return (frequency and spend in the window), computed in place.
                var page = await _activity.ListMetricsAsync(cursor, _options.PageSize, cancellationToken).ConfigureAwait(false);
                if (page.Count == 0)
                {
                    break;
                }

                for (var i = 0; i < page.Count; i++)
                {
                    var metrics = page[i];
                    if (_engine.RecencyDays(metrics.FirstPurchaseAt, metrics.LastPurchaseAt, asOf, asOfDate) is { } days)
                    {
                        population.Add(days, metrics.PurchasesBetween(first, last), metrics.SpendBetween(first, last).ToMinorUnits());
                    }
                }

                count = page.Count;
                cursor = page[^1].CustomerId;
            }

            read += count;
            progress?.Report(new SegmentationProgress(runId, SegmentationPhase.Statistics, read));
        }

        population.Seal();
        return population;
    }

    private async Task<JournalSummary> ReadJournalAsync(CustomerId customerId, Instant asOf, CancellationToken cancellationToken)
    {
        var summary = new JournalSummary(Policy.Preferences!.Dayparts.Count);
        long after = 0;
        while (true)
        {
            var entries = await _activity.GetEntriesAsync(customerId, after, 500, cancellationToken).ConfigureAwait(false);
            if (entries.Count == 0)
            {
                return summary;
            }

            foreach (var entry in entries)
            {
                if (entry.Kind == ActivityKind.Purchase && entry.OccurredAt <= asOf)
                {
                    _engine.AddToJournal(summary, entry);
                }
            }

            after = entries[^1].Sequence;
        }
    }

    /// <summary>Saves a page's records in one atomic store call (read and written again on a conflict), then publishes the entries and exits.</summary>
    private async Task<(long Entered, long Left)> SavePageAsync(CustomerSegments[] evaluated, string runId, Instant asOf, CancellationToken cancellationToken)
    {
        var writes = await _settings.Retry.RunAsync(
            async _ =>
            {
                var stored = await _store.FindManyAsync([.. evaluated.Select(e => e.CustomerId)], cancellationToken).ConfigureAwait(false);
                var byId = stored.ToDictionary(s => s.CustomerId);
                var writes = new List<CustomerSegments>(evaluated.Length);
                foreach (var record in evaluated)
                {
                    var existing = byId.GetValueOrDefault(record.CustomerId);
                    if (existing is not null && existing.AsOf > asOf)
                    {
                        continue;
                    }

                    // A restart of the same run diffs against what the customer had before the run, not against its own half-done write.
                    IReadOnlyList<string> previous = existing is null ? [] : existing.RunId == runId ? existing.PreviousSegments : [.. existing.Assignments.Select(a => a.Segment)];
                    writes.Add(existing is null ? record : record with { PreviousSegments = previous, Version = existing.Version });
                }

                if (writes.Count > 0)
                {
                    await _store.SaveAsync(writes, cancellationToken).ConfigureAwait(false);
                }

                return writes;
            },
            null,
            cancellationToken).ConfigureAwait(false);

        long entered = 0, left = 0;
        foreach (var write in writes)
        {
            var customer = write.CustomerId.ToString();
            if (write.PreviousSegments.Count == 0)
            {
                // A first run for the customer: every assignment is an entry, no set to diff against.
                foreach (var assignment in write.Assignments)
                {
                    entered++;
                    await _events.PublishAsync(
                        new SegmentEnteredEvent(write.CustomerId, asOf, string.Concat(["segment:", runId, ":", customer, ":enter:", assignment.Segment]), runId, assignment),
                        cancellationToken).ConfigureAwait(false);
                }

                continue;
            }

            var previous = new HashSet<string>(write.PreviousSegments, StringComparer.Ordinal);
            foreach (var assignment in write.Assignments)
            {
                if (!previous.Remove(assignment.Segment))
                {
                    entered++;
                    await _events.PublishAsync(
                        new SegmentEnteredEvent(write.CustomerId, asOf, string.Concat(["segment:", runId, ":", customer, ":enter:", assignment.Segment]), runId, assignment),
                        cancellationToken).ConfigureAwait(false);
                }
            }

            foreach (var segment in previous.Order(StringComparer.Ordinal))
            {
                left++;
                await _events.PublishAsync(new SegmentLeftEvent(write.CustomerId, asOf, string.Concat(["segment:", runId, ":", customer, ":leave:", segment]), segment, runId), cancellationToken).ConfigureAwait(false);
            }
        }

        return (entered, left);
    }
}
