namespace Crm;

/// <summary>
/// Persists the links of identifiers (phone, member card, WeChat, app, delivery platform) to customers: each identifier,
/// by kind, scope and lookup key, belongs to at most one customer. Implemented by storage adapters; called by
/// <see cref="CrmManager"/>.
/// </summary>
/// <remarks>
/// <para>A store only persists: normalisation, hashing and the rules (the customer exists and is not erased) are the
/// manager's. The uniqueness of (kind, scope, lookup key) must hold across processes: a SQL adapter enforces it with a
/// unique index, not with a lock of its own process.</para>
/// <para>The conformance suite <c>Crm.Testing.Conformance.CustomerIdentifierStoreConformanceTests</c> checks every sentence below.</para>
/// </remarks>
/// <threadsafety>Implementations must be safe to call from many threads and, for server databases, many processes at once.</threadsafety>
public interface ICustomerIdentifierStore
{
    /// <summary>Links an identifier to a customer, unless the identifier is linked already.</summary>
    /// <param name="link">The link.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>
    /// The stored link and <see langword="true"/> when this call made it; or, when a link with the same kind, scope and
    /// lookup key exists (to this customer or another), that existing link unchanged and <see langword="false"/>.
    /// </returns>
    /// <exception cref="CrmConcurrencyException">The existing link was removed between the attempt and the read of it; nothing was written, and the call may be made again.</exception>
    /// <remarks>Through a unit of work (<see cref="IStoreUnitOfWork"/>) the link is made at the commit and the call answers <c>Created</c>; a key linked by then fails the commit with <see cref="CrmConcurrencyException"/>.</remarks>
    Task<(CustomerIdentifierLink Link, bool Created)> LinkAsync(CustomerIdentifierLink link, CancellationToken cancellationToken = default);

    /// <summary>Finds the link of an identifier.</summary>
    /// <param name="kind">The kind.</param>
    /// <param name="scope">The scope, or the empty string for none.</param>
    /// <param name="lookupKey">The lookup key.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The link, or <see langword="null"/> when the identifier is linked to no customer.</returns>
    Task<CustomerIdentifierLink?> FindAsync(CustomerIdentifierKind kind, string scope, string lookupKey, CancellationToken cancellationToken = default);

    /// <summary>Lists the links of a customer.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The customer's links ordered by kind, then scope and lookup key (ordinal); empty when there are none.</returns>
    Task<IReadOnlyList<CustomerIdentifierLink>> ListAsync(CustomerId customerId, CancellationToken cancellationToken = default);

    /// <summary>Removes the link of an identifier if it belongs to <paramref name="customerId"/>.</summary>
    /// <param name="kind">The kind.</param>
    /// <param name="scope">The scope, or the empty string for none.</param>
    /// <param name="lookupKey">The lookup key.</param>
    /// <param name="customerId">The customer the link must belong to.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns><see langword="true"/> when the link was removed; <see langword="false"/> when the identifier was not linked to that customer (not at all, or to another, whose link stays).</returns>
    /// <remarks>Through a unit of work the removal happens at the commit, and the answer is what committed state held when the call was made.</remarks>
    Task<bool> UnlinkAsync(CustomerIdentifierKind kind, string scope, string lookupKey, CustomerId customerId, CancellationToken cancellationToken = default);

    /// <summary>Removes every link of a customer (erasure), so that each identifier can be linked to someone else and no lookup key of the customer remains.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>How many links were found to remove; 0 when there were none, so removing again changes nothing.</returns>
    /// <remarks>Through a unit of work the removal happens at the commit, and the answer is what committed state held when the call was made.</remarks>
    Task<int> UnlinkAllAsync(CustomerId customerId, CancellationToken cancellationToken = default);
}
