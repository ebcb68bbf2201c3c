using NodaTime;

namespace Crm;

/// <summary>
/// Persists the activity journal (purchases and refunds) and each customer's <see cref="CustomerMetrics"/>.
/// Implemented by storage adapters; called by <see cref="CrmManager"/>.
/// </summary>
/// <remarks>
/// <para>A store only persists; the manager validates facts and resolves them to <see cref="ActivityEntry"/> values.
/// The store keeps metrics equal to <see cref="CustomerMetrics.Recompute"/> over the journal by applying each
/// appended entry exactly as <see cref="CustomerMetrics.Apply"/> does, in the same atomic write as the append.</para>
/// <para>Writes: through a store bound to a unit of work (<see cref="IStoreUnitOfWork.GetStore{TStore}"/>) an append takes
/// effect when the unit commits, where its preconditions are checked; through the store registered in the service provider it
/// is a unit of its own, applied and checked at once. Reads return committed state.</para>
/// <para>The conformance suite <c>Crm.Testing.Conformance.ActivityStoreConformanceTests</c> checks every sentence below.</para>
/// </remarks>
/// <threadsafety>Implementations must be safe to call from many threads and, for server databases, many processes at once.</threadsafety>
public interface IActivityStore
{
    /// <summary>Appends an entry to its customer's journal and adds it to the customer's metrics, atomically.</summary>
    /// <param name="entry">The entry, with <see cref="ActivityEntry.Sequence"/> = <paramref name="expectedVersion"/> + 1.</param>
    /// <param name="expectedVersion">The customer's metrics version the caller read (0 when the customer had no activity).</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>A task that completes when the append is made (or, in a unit of work, kept for the commit).</returns>
    /// <exception cref="ArgumentException">The entry's sequence is not <paramref name="expectedVersion"/> + 1.</exception>
    /// <exception cref="CrmConcurrencyException">
    /// The customer's version is no longer <paramref name="expectedVersion"/>, or an entry with the same <see cref="ActivityEntry.Kind"/>
    /// and <see cref="ActivityEntry.Id"/> exists (for any customer); nothing was written. In a unit of work this is thrown by the commit.
    /// </exception>
    Task AppendAsync(ActivityEntry entry, long expectedVersion, CancellationToken cancellationToken = default);

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

    /// <summary>Sums a customer's purchases made in a period, less what of them was refunded by its end.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="from">The period's start (inclusive), compared with <see cref="ActivityEntry.PurchasedAt"/>.</param>
    /// <param name="to">The period's end (inclusive), compared with <see cref="ActivityEntry.PurchasedAt"/> and, for refunds, <see cref="ActivityEntry.OccurredAt"/>.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>
    /// The number of purchases with <see cref="ActivityEntry.PurchasedAt"/> in [<paramref name="from"/>, <paramref name="to"/>] and their paid
    /// total less the refunds of those purchases with <see cref="ActivityEntry.OccurredAt"/> at or before <paramref name="to"/>; zeros when none.
    /// </returns>
    /// <remarks>For windows that do not fall on month boundaries (the last 30 days, since a tier was reached); month windows read <see cref="CustomerMetrics.Months"/>.</remarks>
    Task<ActivityTotals> GetTotalsAsync(CustomerId customerId, Instant from, Instant to, CancellationToken cancellationToken = default);

    /// <summary>Gets the instants of a customer's purchases in a period, for cadence signals.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="from">The period's start (inclusive).</param>
    /// <param name="to">The period's end (inclusive).</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The <see cref="ActivityEntry.PurchasedAt"/> of the customer's purchases in [<paramref name="from"/>, <paramref name="to"/>], ascending; empty when none.</returns>
    Task<IReadOnlyList<Instant>> GetPurchaseInstantsAsync(CustomerId customerId, Instant from, Instant to, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads a page of every customer's journal by purchase time, for population-wide work over a period (mining baskets,
    /// replaying history): each purchase made in the period followed by its refunds, whenever they were made.
    /// </summary>
    /// <param name="from">The period's start (inclusive), compared with <see cref="ActivityEntry.PurchasedAt"/>.</param>
    /// <param name="to">The period's end (inclusive), compared with <see cref="ActivityEntry.PurchasedAt"/>.</param>
    /// <param name="after">Return entries whose position sorts after this one; <see langword="null"/> for the start.</param>
    /// <param name="limit">The largest number of entries to return, at least 1.</param>
    /// <param name="storeId">Only the entries of this store's purchases (ordinal; a refund belongs to its purchase's store), or <see langword="null"/> for every store.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>
    /// Up to <paramref name="limit"/> entries (purchases and refunds) with <see cref="ActivityEntry.PurchasedAt"/> in
    /// [<paramref name="from"/>, <paramref name="to"/>], with their lines, in ascending <see cref="JournalPosition"/> order; empty when there are no more.
    /// </returns>
    Task<IReadOnlyList<ActivityEntry>> ListEntriesAsync(Instant from, Instant to, JournalPosition? after, int limit, string? storeId = null, CancellationToken cancellationToken = default);

    /// <summary>Reads a page of all customers' metrics, for population-wide work.</summary>
    /// <param name="after">Return customers whose id sorts after this one (ordinal); <see langword="null"/> for the start.</param>
    /// <param name="limit">The largest number of customers to return, at least 1.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>Up to <paramref name="limit"/> metrics in ascending ordinal order of <see cref="CustomerMetrics.CustomerId"/>; empty when there are no more.</returns>
    Task<IReadOnlyList<CustomerMetrics>> ListMetricsAsync(CustomerId? after, int limit, CancellationToken cancellationToken = default);
}
