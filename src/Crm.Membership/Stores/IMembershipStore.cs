using NodaTime;

namespace Crm.Membership;

/// <summary>
/// Persists members' tier records, their tier history and the benefits granted. Implemented by storage adapters;
/// called by <see cref="MembershipManager"/>.
/// </summary>
/// <remarks>The conformance suite <c>Crm.Testing.Conformance.MembershipStoreConformanceTests</c> checks every sentence below.</remarks>
/// <threadsafety>Implementations must be safe to call from many threads and, for server databases, many processes at once.</threadsafety>
public interface IMembershipStore
{
    /// <summary>Finds a member's tier record.</summary>
    /// <param name="customerId">The member.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The record with its current version, or <see langword="null"/> when none was ever saved.</returns>
    Task<MemberState?> FindAsync(CustomerId customerId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Saves a member's tier record if its stored version is still <paramref name="expectedVersion"/> (0: no record yet),
    /// and appends <paramref name="change"/> to the history in the same atomic write.
    /// </summary>
    /// <param name="state">The new record; its <see cref="MemberState.Version"/> is ignored.</param>
    /// <param name="expectedVersion">The version the caller read, or 0 to create the record.</param>
    /// <param name="change">The history entry to append, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The stored record, with version <paramref name="expectedVersion"/> + 1.</returns>
    /// <exception cref="CrmConcurrencyException">The stored version differs (a record exists when 0 was expected, or none exists when more was), or the history already holds <paramref name="change"/>'s key; nothing was written.</exception>
    Task<MemberState> SaveAsync(MemberState state, long expectedVersion, TierChange? change, CancellationToken cancellationToken = default);

    /// <summary>Gets a member's tier history.</summary>
    /// <param name="customerId">The member.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The changes, oldest first (in the order they were saved); empty when none.</returns>
    Task<IReadOnlyList<TierChange>> GetHistoryAsync(CustomerId customerId, CancellationToken cancellationToken = default);

    /// <summary>Reads a page of all members' tier records, for reviews and periodic benefits.</summary>
    /// <param name="after">Return members whose id sorts after this one (ordinal); <see langword="null"/> for the start.</param>
    /// <param name="limit">The largest number of records to return, at least 1.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>Up to <paramref name="limit"/> records in ascending ordinal order of the member id; empty when there are no more.</returns>
    Task<IReadOnlyList<MemberState>> ListAsync(CustomerId? after, int limit, CancellationToken cancellationToken = default);

    /// <summary>Determines whether a benefit grant was recorded.</summary>
    /// <param name="customerId">The member.</param>
    /// <param name="grantKey">The grant's key, such as <c>periodic:gold:cup-coupon:2026-05:1</c>.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns><see langword="true"/> when <see cref="RecordGrantAsync"/> was called with that member and key.</returns>
    Task<bool> IsGrantedAsync(CustomerId customerId, string grantKey, CancellationToken cancellationToken = default);

    /// <summary>Records that a benefit was granted, idempotently by member and key.</summary>
    /// <param name="customerId">The member.</param>
    /// <param name="grantKey">The grant's key.</param>
    /// <param name="grantedAt">When it was granted.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns><see langword="true"/> when recorded now; <see langword="false"/> when it was recorded before (nothing changes).</returns>
    /// <remarks>Through a unit of work (<see cref="IStoreUnitOfWork"/>) the grant is recorded at the commit and the call answers <see langword="true"/>; a key recorded by then fails the commit with <see cref="CrmConcurrencyException"/>.</remarks>
    Task<bool> RecordGrantAsync(CustomerId customerId, string grantKey, Instant grantedAt, CancellationToken cancellationToken = default);

    /// <summary>
    /// Erases the free text staff typed about a member: the <see cref="TierChange.Explanation"/> of each
    /// <see cref="TierChangeReason.OverrideSet"/> change becomes <see cref="TierChange.ErasedExplanation"/> with
    /// <see cref="TierChange.ExplanationErasedAt"/> set, and the reason of the current <see cref="MemberState.Override"/>
    /// becomes the same marker, saving the record at version + 1 (a write based on the record read before fails). Tiers,
    /// instants, keys and operators stay. Text erased before stays erased at its first instant.
    /// </summary>
    /// <param name="customerId">The member.</param>
    /// <param name="erasedAt">The erasure instant.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>How many records (history entries and the member record) changed now; 0 on a repeat, and for another member's records never.</returns>
    Task<int> EraseCustomerTextAsync(CustomerId customerId, Instant erasedAt, CancellationToken cancellationToken = default);
}
