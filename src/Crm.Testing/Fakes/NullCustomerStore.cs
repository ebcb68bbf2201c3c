namespace Crm.Testing.Fakes;

/// <summary>A customer store that holds nothing, for suites that exercise <see cref="CrmManager"/> on an activity store alone.</summary>
public sealed class NullCustomerStore : ICustomerStore
{
    /// <inheritdoc />
    public Task<CustomerProfile?> FindAsync(CustomerId customerId, CancellationToken cancellationToken = default) => Task.FromResult<CustomerProfile?>(null);

    /// <inheritdoc />
    public Task<(CustomerProfile Profile, bool Created)> CreateAsync(CustomerProfile profile, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("NullCustomerStore stores no profiles.");

    /// <inheritdoc />
    public Task<CustomerProfile> UpdateAsync(CustomerProfile profile, long expectedVersion, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("NullCustomerStore stores no profiles.");
}
