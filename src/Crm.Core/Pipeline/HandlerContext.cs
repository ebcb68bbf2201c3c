using NodaTime;

namespace Crm;

/// <summary>
/// What a handler is told about the fact being recorded, what earlier handlers computed, and where it reports what it did.
/// </summary>
/// <remarks>
/// <para>A fact is recorded as one unit of work (<see cref="UnitOfWork"/>): the journal entry and every handler's writes
/// commit together after the last handler, or not at all. Handlers read and write only through the unit's stores, never
/// through stores of their own, and pass what they computed forward on the context instead of reading it back
/// (<see cref="PointsAwarded"/>, <see cref="TierAfter"/>): the unit's writes are not visible before the commit.</para>
/// <para>On a replay (<see cref="IsReplay"/>) the fact was recorded before, completely; handlers then only read and report
/// what the first recording did. The unit is never committed, so anything a handler writes on a replay is discarded.</para>
/// </remarks>
public abstract class HandlerContext
{
    private readonly ICustomerTierProvider _tiers;
    private List<object>? _outcomes;
    private List<CrmEvent>? _events;
    private ValueTask<CustomerTier?>? _tierAtStart;

    private protected HandlerContext(ActivityEntry entry, CustomerMetrics metricsBefore, CustomerMetrics metrics, bool isReplay, Instant now, IStoreUnitOfWork unitOfWork, ICustomerTierProvider tiers)
    {
        Entry = entry;
        MetricsBefore = metricsBefore;
        Metrics = metrics;
        IsReplay = isReplay;
        Now = now;
        UnitOfWork = unitOfWork;
        _tiers = tiers;
    }

    /// <summary>Gets the journal entry of the fact (with its exact amounts per line).</summary>
    public ActivityEntry Entry { get; }

    /// <summary>Gets the customer's metrics before the fact (on a replay: the metrics now, as for <see cref="Metrics"/>).</summary>
    public CustomerMetrics MetricsBefore { get; }

    /// <summary>Gets the customer's metrics after the fact (on a replay: the metrics now).</summary>
    public CustomerMetrics Metrics { get; }

    /// <summary>Gets a value indicating whether the fact had been recorded before and this call is a replay that writes nothing.</summary>
    public bool IsReplay { get; }

    /// <summary>Gets the current instant of the manager's clock when the call started.</summary>
    public Instant Now { get; }

    /// <summary>Gets the unit of work the fact is recorded in; handlers read and write through its stores.</summary>
    public IStoreUnitOfWork UnitOfWork { get; }

    /// <summary>Gets or sets how the fact changes the points the customer earned, set by the points handler: what a purchase earned, or minus what a refund reversed; <see langword="null"/> when no points package is installed or the fact changed none.</summary>
    /// <remarks>Membership counts this fact's points toward a points tier through it, as they are not in the store before the commit.</remarks>
    public PointAmount? PointsAwarded { get; set; }

    /// <summary>Gets or sets the tier the customer holds after the fact, set by the membership handler; <see langword="null"/> when no membership package is installed.</summary>
    public CustomerTier? TierAfter { get; set; }

    /// <summary>Gets the outcomes reported so far by earlier handlers.</summary>
    public IReadOnlyList<object> Outcomes => (IReadOnlyList<object>?)_outcomes ?? [];

    /// <summary>Gets the events to publish once the fact is committed.</summary>
    internal IReadOnlyList<CrmEvent> Events => (IReadOnlyList<CrmEvent>?)_events ?? [];

    /// <summary>Gets the tier the customer held when the fact occurred, before anything the fact changes (read once, then kept).</summary>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The tier, or <see langword="null"/> when no membership package is installed.</returns>
    /// <remarks>Points are earned at this tier: a purchase that reaches a higher tier earns at the tier it started in.</remarks>
    public ValueTask<CustomerTier?> GetTierAtStartAsync(CancellationToken cancellationToken = default)
    {
        // The first call's task is kept (as a preserved ValueTask) so later handlers neither read again nor see a later tier.
        _tierAtStart ??= _tiers.GetTierAsync(Entry.CustomerId, Entry.OccurredAt, UnitOfWork, cancellationToken).Preserve();
        return _tierAtStart.Value;
    }

    /// <summary>Reports what a handler did (a points award, an upgrade), so the host finds it in the result.</summary>
    /// <param name="outcome">A package's result value, such as a points award.</param>
    public void AddOutcome(object outcome) => (_outcomes ??= []).Add(Internal.Guard.NotNull(outcome));

    /// <summary>Publishes an event to the <see cref="ICrmEventSink"/> once the fact is committed; never on a replay or when the fact fails.</summary>
    /// <param name="crmEvent">The event.</param>
    public void Publish(CrmEvent crmEvent)
    {
        Internal.Guard.NotNull(crmEvent);
        if (!IsReplay)
        {
            (_events ??= []).Add(crmEvent);
        }
    }
}
