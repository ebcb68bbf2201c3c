using System.Collections.Concurrent;

namespace Crm.Storage.InMemory;

/// <summary>An in-memory <see cref="ICustomerStore"/>.</summary>
/// <threadsafety>Safe to use from many threads at once.</threadsafety>
public sealed class InMemoryCustomerStore : ICustomerStore
{
    private readonly ConcurrentDictionary<CustomerId, CustomerProfile> _profiles = new();

    /// <inheritdoc />
    public Task<CustomerProfile?> FindAsync(CustomerId customerId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_profiles.TryGetValue(customerId, out var profile) ? profile : null);

    /// <inheritdoc />
    public Task<(CustomerProfile Profile, bool Created)> CreateAsync(CustomerProfile profile, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var stored = profile with { Version = 1 };
        var actual = _profiles.GetOrAdd(profile.Id, stored);
        return Task.FromResult((actual, ReferenceEquals(actual, stored)));
    }

    /// <inheritdoc />
    public Task<CustomerProfile> UpdateAsync(CustomerProfile profile, long expectedVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (!_profiles.TryGetValue(profile.Id, out var current) || current.Version != expectedVersion)
        {
            throw new CrmConcurrencyException($"customer {profile.Id}", expectedVersion, current?.Version);
        }

        var updated = profile with { Version = expectedVersion + 1 };

        // TryUpdate compares with the exact instance read above, so a concurrent update in between makes it fail.
        return _profiles.TryUpdate(profile.Id, updated, current)
            ? Task.FromResult(updated)
            : throw new CrmConcurrencyException($"customer {profile.Id}", expectedVersion, null);
    }
}
