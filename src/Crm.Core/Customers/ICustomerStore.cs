namespace Crm;

/// <summary>
/// Persists customer profiles. Implemented by storage adapters; called by <see cref="CrmManager"/>.
/// </summary>
/// <remarks>
/// <para>A store only persists: validation, time and normalisation happen in the manager. Every method takes a
/// <see cref="CancellationToken"/>; infrastructure failures surface as the adapter's own exceptions.</para>
/// <para>The conformance suite <c>Crm.Testing.CustomerStoreConformanceTests</c> checks every sentence below.</para>
/// </remarks>
/// <threadsafety>Implementations must be safe to call from many threads and, for server databases, many processes at once.</threadsafety>
public interface ICustomerStore
{
    /// <summary>Finds a customer's profile.</summary>
    /// <param name="customerId">The customer's id.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The stored profile with its current <see cref="CustomerProfile.Version"/>, or <see langword="null"/> when no profile has that id.</returns>
    Task<CustomerProfile?> FindAsync(CustomerId customerId, CancellationToken cancellationToken = default);

    /// <summary>Creates a profile, idempotently by <see cref="CustomerProfile.Id"/>.</summary>
    /// <param name="profile">The profile to store; its <see cref="CustomerProfile.Version"/> is ignored.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>
    /// The stored profile with <see cref="CustomerProfile.Version"/> 1 and <see langword="true"/> when it was created; or,
    /// when a profile with that id already exists, that existing profile unchanged and <see langword="false"/>.
    /// </returns>
    /// <remarks>Through a unit of work (<see cref="IStoreUnitOfWork"/>) the profile is created at the commit and the call answers <c>Created</c>; an id that exists by then fails the commit with <see cref="CrmConcurrencyException"/>.</remarks>
    Task<(CustomerProfile Profile, bool Created)> CreateAsync(CustomerProfile profile, CancellationToken cancellationToken = default);

    /// <summary>Replaces a profile if its stored version is still <paramref name="expectedVersion"/>.</summary>
    /// <param name="profile">The new profile; its <see cref="CustomerProfile.Version"/> is ignored.</param>
    /// <param name="expectedVersion">The version the caller read.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The stored profile with <see cref="CustomerProfile.Version"/> <paramref name="expectedVersion"/> + 1.</returns>
    /// <exception cref="CrmConcurrencyException">The stored version is not <paramref name="expectedVersion"/>, or no profile has that id; nothing was written.</exception>
    Task<CustomerProfile> UpdateAsync(CustomerProfile profile, long expectedVersion, CancellationToken cancellationToken = default);
}
