namespace Crm;

/// <summary>
/// Persists customers' consent records, an append-only history. Implemented by storage adapters; called by
/// <see cref="CrmManager"/> and, through <see cref="ContactPolicy"/>, by every sending path.
/// </summary>
/// <remarks>
/// <para>A store only persists: validation, the customer's existence and the replay check live in the manager; the current
/// state is derived from the history (<see cref="CustomerConsents.From"/>).</para>
/// <para>The conformance suite <c>Crm.Testing.Conformance.ConsentStoreConformanceTests</c> checks every sentence below.</para>
/// </remarks>
/// <threadsafety>Implementations must be safe to call from many threads and, for server databases, many processes at once.</threadsafety>
public interface IConsentStore
{
    /// <summary>Appends a record, idempotently by <see cref="ConsentRecord.Id"/>.</summary>
    /// <param name="record">The record, stored exactly as given.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>
    /// The record and <see langword="true"/> when it was added; or, when a record with that id exists (whatever its content),
    /// that stored record unchanged and <see langword="false"/>: nothing is written.
    /// </returns>
    /// <remarks>Through a unit of work (<see cref="IStoreUnitOfWork"/>) the record is added at the commit and the call answers <c>Added</c>; an id that exists by then fails the commit with <see cref="CrmConcurrencyException"/>.</remarks>
    Task<(ConsentRecord Record, bool Added)> AppendAsync(ConsentRecord record, CancellationToken cancellationToken = default);

    /// <summary>Finds a record by id.</summary>
    /// <param name="recordId">The id.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The record, or <see langword="null"/> when none has the id.</returns>
    Task<ConsentRecord?> FindAsync(string recordId, CancellationToken cancellationToken = default);

    /// <summary>Lists a customer's records, oldest first: by <see cref="ConsentRecord.At"/>, then <see cref="ConsentRecord.RecordedAt"/>, then id (ordinal).</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The records; empty when the customer has none (or is unknown).</returns>
    Task<IReadOnlyList<ConsentRecord>> ListAsync(CustomerId customerId, CancellationToken cancellationToken = default);
}
