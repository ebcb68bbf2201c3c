namespace Crm.Segmentation;

/// <summary>
/// Persists customers' segment memberships and the records of runs. Implemented by storage adapters; called by <see cref="SegmentationManager"/>.
/// </summary>
/// <remarks>The conformance suite <c>Crm.Testing.Conformance.SegmentStoreConformanceTests</c> checks every sentence below.</remarks>
/// <threadsafety>Implementations must be safe to call from many threads and, for server databases, many processes at once.</threadsafety>
public interface ISegmentStore
{
    /// <summary>Finds a customer's segments.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The record with its current version, or <see langword="null"/> when none was ever saved.</returns>
    Task<CustomerSegments?> FindAsync(CustomerId customerId, CancellationToken cancellationToken = default);

    /// <summary>Finds the segments of several customers.</summary>
    /// <param name="customerIds">The customers.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The records that exist, in ascending ordinal order of customer id; customers without a record are left out.</returns>
    Task<IReadOnlyList<CustomerSegments>> FindManyAsync(IReadOnlyCollection<CustomerId> customerIds, CancellationToken cancellationToken = default);

    /// <summary>
    /// Saves the records of several customers in one atomic write, each if its stored version is still the record's
    /// <see cref="CustomerSegments.Version"/> (0: no record yet). A saved record replaces the customer's memberships entirely.
    /// </summary>
    /// <param name="records">The records, at most one per customer; each one's <see cref="CustomerSegments.Version"/> is the version the caller read.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>A task that completes when all records are stored, each with version one higher than given.</returns>
    /// <exception cref="CrmConcurrencyException">Any stored version differs (a record exists when 0 was given, or none exists when more was); nothing was written.</exception>
    Task SaveAsync(IReadOnlyList<CustomerSegments> records, CancellationToken cancellationToken = default);

    /// <summary>Reads a page of the customers in a segment.</summary>
    /// <param name="segment">The segment's name (ordinal).</param>
    /// <param name="after">Return customers whose id sorts after this one (ordinal); <see langword="null"/> for the start.</param>
    /// <param name="limit">The largest number of customers to return, at least 1.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>Up to <paramref name="limit"/> customer ids in ascending ordinal order; empty when there are no more.</returns>
    Task<IReadOnlyList<CustomerId>> ListMembersAsync(string segment, CustomerId? after, int limit, CancellationToken cancellationToken = default);

    /// <summary>Counts the customers of every segment that holds at least one.</summary>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The counts in ascending ordinal order of segment name.</returns>
    Task<IReadOnlyList<SegmentCount>> CountAsync(CancellationToken cancellationToken = default);

    /// <summary>Finds the record of a run.</summary>
    /// <param name="runId">The run's id.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The record, or <see langword="null"/> when none was saved with that id.</returns>
    Task<SegmentationRun?> FindRunAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>Creates or replaces the record of a run, by <see cref="SegmentationRun.RunId"/>.</summary>
    /// <param name="run">The record.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>A task that completes when the record is stored.</returns>
    Task SaveRunAsync(SegmentationRun run, CancellationToken cancellationToken = default);
}
