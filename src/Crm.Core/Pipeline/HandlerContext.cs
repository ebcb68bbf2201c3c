using NodaTime;

namespace Crm;

/// <summary>
/// What a handler is told about the fact being recorded, and where it reports what it did.
/// </summary>
/// <remarks>
/// Handlers run on replays too (<see cref="IsReplay"/>), because a host retries the whole call after a crash;
/// each handler must therefore be idempotent by the fact's id, and report what it finds already done.
/// </remarks>
public abstract class HandlerContext
{
    private List<object>? _outcomes;

    private protected HandlerContext(ActivityEntry entry, CustomerMetrics metrics, bool isReplay, Instant now)
    {
        Entry = entry;
        Metrics = metrics;
        IsReplay = isReplay;
        Now = now;
    }

    /// <summary>Gets the journal entry of the fact (with its exact amounts per line).</summary>
    public ActivityEntry Entry { get; }

    /// <summary>Gets the customer's metrics after the fact was recorded.</summary>
    public CustomerMetrics Metrics { get; }

    /// <summary>Gets a value indicating whether the fact had been recorded before and this call is a replay.</summary>
    public bool IsReplay { get; }

    /// <summary>Gets the current instant of the manager's clock when the call started.</summary>
    public Instant Now { get; }

    /// <summary>Gets the outcomes reported so far by earlier handlers.</summary>
    public IReadOnlyList<object> Outcomes => (IReadOnlyList<object>?)_outcomes ?? [];

    /// <summary>Reports what a handler did (a points award, an upgrade), so the host finds it in the result.</summary>
    /// <param name="outcome">A package's result value, such as a points award.</param>
    public void AddOutcome(object outcome) => (_outcomes ??= []).Add(Internal.Guard.NotNull(outcome));
}
