namespace Crm.Storage.InMemory;

/// <summary>An in-memory <see cref="ICustomerStore"/>: profiles by id.</summary>
/// <threadsafety>Safe to use from many threads at once.</threadsafety>
public sealed class InMemoryCustomerStore : ICustomerStore
{
    private readonly InMemoryDatabase _database;
    private readonly InMemoryUnitOfWork? _unit;

    /// <summary>Initializes a new instance of the <see cref="InMemoryCustomerStore"/> class, whose writes apply at once.</summary>
    /// <param name="database">The database whose data the store reads and writes.</param>
    public InMemoryCustomerStore(InMemoryDatabase database)
        : this(database, null)
    {
    }

    internal InMemoryCustomerStore(InMemoryDatabase database, InMemoryUnitOfWork? unit)
    {
        _database = Internal.Guard.NotNull(database);
        _unit = unit;
    }

    private Dictionary<CustomerId, CustomerProfile> Profiles => _database.Customers.Profiles;

    /// <inheritdoc />
    public Task<CustomerProfile?> FindAsync(CustomerId customerId, CancellationToken cancellationToken = default) =>
        _database.ReadAsync(() => Profiles.GetValueOrDefault(customerId), cancellationToken);

    /// <inheritdoc />
    public async Task<(CustomerProfile Profile, bool Created)> CreateAsync(CustomerProfile profile, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var stored = profile with { Version = 1, Tags = [.. profile.Tags] };
        CustomerProfile? existing = null;
        await _database.WriteAsync(
            _unit,
            () =>
            {
                // Outside a unit an existing profile is the answer; in a unit the commit finds it and fails.
                if (Profiles.TryGetValue(stored.Id, out existing))
                {
                    if (_unit is not null)
                    {
                        throw new CrmConcurrencyException($"customer {stored.Id}", 0, existing.Version);
                    }

                    return () => { };
                }

                Profiles.Add(stored.Id, stored);
                return () => Profiles.Remove(stored.Id);
            },
            cancellationToken).ConfigureAwait(false);
        return existing is null ? (stored, true) : (existing, false);
    }

    /// <inheritdoc />
    public async Task<CustomerProfile> UpdateAsync(CustomerProfile profile, long expectedVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var updated = profile with { Version = expectedVersion + 1, Tags = [.. profile.Tags] };
        await _database.WriteAsync(
            _unit,
            () =>
            {
                if (!Profiles.TryGetValue(updated.Id, out var current) || current.Version != expectedVersion)
                {
                    throw new CrmConcurrencyException($"customer {updated.Id}", expectedVersion, current?.Version);
                }

                Profiles[updated.Id] = updated;
                return () => Profiles[updated.Id] = current;
            },
            cancellationToken).ConfigureAwait(false);
        return updated;
    }

    /// <summary>The profiles of a database.</summary>
    internal sealed class Data
    {
        public Dictionary<CustomerId, CustomerProfile> Profiles { get; } = [];
    }
}
