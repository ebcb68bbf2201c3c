namespace Crm;

/// <summary>The result of recording a fact: whether it was new, the metrics after it and what each handler did.</summary>
public abstract class RecordResult
{
    private protected RecordResult(RecordStatus status, ActivityEntry entry, CustomerMetrics metrics, IReadOnlyList<object> outcomes)
    {
        Status = status;
        Entry = entry;
        Metrics = metrics;
        Outcomes = outcomes;
    }

    /// <summary>Gets whether the fact was new (<see cref="RecordStatus.Recorded"/>) or a replay that changed nothing (<see cref="RecordStatus.Replayed"/>).</summary>
    public RecordStatus Status { get; }

    /// <summary>Gets a value indicating whether the fact had been recorded before.</summary>
    public bool IsReplay => Status == RecordStatus.Replayed;

    /// <summary>Gets the fact's journal entry.</summary>
    public ActivityEntry Entry { get; }

    /// <summary>Gets the customer's metrics after the call.</summary>
    public CustomerMetrics Metrics { get; }

    /// <summary>Gets what the handlers reported, in the order they ran.</summary>
    public IReadOnlyList<object> Outcomes { get; }

    /// <summary>Gets the first outcome of a type, such as the points award of the purchase.</summary>
    /// <typeparam name="T">The outcome type a package documents.</typeparam>
    /// <returns>The outcome, or <see langword="null"/> when no handler reported one of that type.</returns>
    public T? GetOutcome<T>()
        where T : class => Outcomes.OfType<T>().FirstOrDefault();

    /// <inheritdoc />
    public override string ToString() =>
        $"{Status} {Entry.Kind} {Entry.Id} of {Entry.CustomerId} ({Entry.Amount}); outcomes {Internal.ListText.Of(Outcomes)}";
}
