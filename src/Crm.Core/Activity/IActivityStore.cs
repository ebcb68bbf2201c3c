namespace Crm;

/// <summary>
/// Persists the activity journal (purchases and refunds) and each customer's <see cref="CustomerMetrics"/>.
/// Implemented by storage adapters; called by <see cref="CrmManager"/>.
/// </summary>
/// <remarks>
/// <para>A store only persists; the manager validates facts and resolves them to <see cref="ActivityEntry"/> values.
/// The store keeps metrics equal to <see cref="CustomerMetrics.Recompute"/> over the journal by applying each
/// appended entry exactly as <see cref="CustomerMetrics.Apply"/> does, in the same atomic write as the append.</para>
/// <para>The conformance suite <c>Crm.Testing.ActivityStoreConformanceTests</c> checks every sentence below.</para>
/// </remarks>
/// <threadsafety>Implementations must be safe to call from many threads and, for server databases, many processes at once.</threadsafety>
public interface IActivityStore
{
    /// <summary>
    /// Appends an entry to its customer's journal and updates the customer's metrics, atomically and idempotently.
    /// </summary>
    /// <param name="entry">The entry; its <see cref="ActivityEntry.Sequence"/> is ignored and assigned by the store.</param>
    /// <param name="expectedVersion">
    /// The customer's metrics version the caller based the entry on (0 when the customer had no activity), or
    /// <see langword="null"/> to append whatever the current version is.
    /// </param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>
    /// When an entry with the same <see cref="ActivityEntry.Kind"/> and <see cref="ActivityEntry.Id"/> already exists
    /// (for any customer): <see cref="AppendActivityResult.Appended"/> <see langword="false"/>, that stored entry and the
    /// current metrics of its customer; nothing is written, whatever <paramref name="expectedVersion"/> says. Otherwise the entry is
    /// stored with <see cref="ActivityEntry.Sequence"/> = previous version + 1, the metrics are updated to that version, and both are returned.
    /// </returns>
    /// <exception cref="CrmConcurrencyException">
    /// <paramref name="expectedVersion"/> is given and differs from the customer's current version; nothing was written.
    /// </exception>
    Task<AppendActivityResult> AppendAsync(ActivityEntry entry, long? expectedVersion, CancellationToken cancellationToken = default);

    /// <summary>Gets a customer's metrics.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The metrics, or <see langword="null"/> when nothing was ever recorded for the customer.</returns>
    Task<CustomerMetrics?> GetMetricsAsync(CustomerId customerId, CancellationToken cancellationToken = default);

    /// <summary>Finds a journal entry by its kind and the host's id.</summary>
    /// <param name="kind">Purchase or refund.</param>
    /// <param name="id">The host's purchase or refund id.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The entry, or <see langword="null"/> when none has that kind and id.</returns>
    Task<ActivityEntry?> FindEntryAsync(ActivityKind kind, string id, CancellationToken cancellationToken = default);

    /// <summary>Gets the refunds recorded against a purchase.</summary>
    /// <param name="purchaseId">The host's purchase id.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The refund entries in journal order; empty when there are none or the purchase is unknown.</returns>
    Task<IReadOnlyList<ActivityEntry>> GetRefundsOfPurchaseAsync(string purchaseId, CancellationToken cancellationToken = default);

    /// <summary>Reads a page of a customer's journal.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="afterSequence">Return entries with a <see cref="ActivityEntry.Sequence"/> above this; 0 for the start.</param>
    /// <param name="limit">The largest number of entries to return, at least 1.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>Up to <paramref name="limit"/> entries in ascending <see cref="ActivityEntry.Sequence"/>; empty when there are no more.</returns>
    Task<IReadOnlyList<ActivityEntry>> GetEntriesAsync(CustomerId customerId, long afterSequence, int limit, CancellationToken cancellationToken = default);

    /// <summary>Reads a page of all customers' metrics, for population-wide work.</summary>
    /// <param name="after">Return customers whose id sorts after this one (ordinal); <see langword="null"/> for the start.</param>
    /// <param name="limit">The largest number of customers to return, at least 1.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>Up to <paramref name="limit"/> metrics in ascending ordinal order of <see cref="CustomerMetrics.CustomerId"/>; empty when there are no more.</returns>
    Task<IReadOnlyList<CustomerMetrics>> ListMetricsAsync(CustomerId? after, int limit, CancellationToken cancellationToken = default);
}
