namespace Crm;

/// <summary>
/// The exception that a store throws when a write carries an expected version that is no longer current.
/// </summary>
/// <remarks>
/// Managers catch it, re-read and retry a bounded number of times (<see cref="CrmOptions.MaxConcurrencyRetries"/>);
/// it reaches the host only when every retry lost the race.
/// </remarks>
public sealed class CrmConcurrencyException : CrmException
{
    /// <summary>Initializes a new instance of the <see cref="CrmConcurrencyException"/> class.</summary>
    /// <param name="entity">What was being written, such as <c>activity of customer c-42</c>.</param>
    /// <param name="expectedVersion">The version the writer expected.</param>
    /// <param name="actualVersion">The version the store holds, or <see langword="null"/> when the store does not know it.</param>
    public CrmConcurrencyException(string entity, long expectedVersion, long? actualVersion)
        : base(
            CrmErrorCodes.ConcurrencyConflict,
            actualVersion is { } actual
                ? $"Concurrency conflict on {entity}: expected version {expectedVersion}, the store holds version {actual}."
                : $"Concurrency conflict on {entity}: expected version {expectedVersion} is no longer current.")
    {
        Entity = entity;
        ExpectedVersion = expectedVersion;
        ActualVersion = actualVersion;
    }

    /// <summary>Gets a description of what was being written.</summary>
    public string Entity { get; }

    /// <summary>Gets the version the writer expected.</summary>
    public long ExpectedVersion { get; }

    /// <summary>Gets the version the store holds, when the store reports it.</summary>
    public long? ActualVersion { get; }
}
