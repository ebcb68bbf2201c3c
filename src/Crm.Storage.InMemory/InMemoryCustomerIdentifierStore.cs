namespace Crm.Storage.InMemory;

/// <summary>An in-memory <see cref="ICustomerIdentifierStore"/>: links by kind, scope and lookup key, unique under the database's lock.</summary>
/// <threadsafety>Safe to use from many threads at once.</threadsafety>
public sealed class InMemoryCustomerIdentifierStore : ICustomerIdentifierStore
{
    private readonly InMemoryDatabase _database;
    private readonly InMemoryUnitOfWork? _unit;

    /// <summary>Initializes a new instance of the <see cref="InMemoryCustomerIdentifierStore"/> class, whose writes apply at once.</summary>
    /// <param name="database">The database whose data the store reads and writes.</param>
    public InMemoryCustomerIdentifierStore(InMemoryDatabase database)
        : this(database, null)
    {
    }

    internal InMemoryCustomerIdentifierStore(InMemoryDatabase database, InMemoryUnitOfWork? unit)
    {
        _database = Internal.Guard.NotNull(database);
        _unit = unit;
    }

    private Dictionary<(CustomerIdentifierKind Kind, string Scope, string LookupKey), CustomerIdentifierLink> Links => _database.Identifiers.Links;

    /// <inheritdoc />
    public async Task<(CustomerIdentifierLink Link, bool Created)> LinkAsync(CustomerIdentifierLink link, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(link);
        var key = (link.Kind, link.Scope, link.LookupKey);
        CustomerIdentifierLink? existing = null;
        await _database.WriteAsync(
            _unit,
            () =>
            {
                // Outside a unit the existing link is the answer; in a unit the commit finds it and fails.
                if (Links.TryGetValue(key, out existing))
                {
                    if (_unit is not null)
                    {
                        throw new CrmConcurrencyException($"identifier {link.Kind}", 0, null);
                    }

                    return () => { };
                }

                Links.Add(key, link);
                return () => Links.Remove(key);
            },
            cancellationToken).ConfigureAwait(false);
        return existing is null ? (link, true) : (existing, false);
    }

    /// <inheritdoc />
    public Task<CustomerIdentifierLink?> FindAsync(CustomerIdentifierKind kind, string scope, string lookupKey, CancellationToken cancellationToken = default) =>
        _database.ReadAsync(() => Links.GetValueOrDefault((kind, scope, lookupKey)), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<CustomerIdentifierLink>> ListAsync(CustomerId customerId, CancellationToken cancellationToken = default) =>
        _database.ReadAsync<IReadOnlyList<CustomerIdentifierLink>>(() => OfCustomer(customerId), cancellationToken);

    /// <inheritdoc />
    public async Task<bool> UnlinkAsync(CustomerIdentifierKind kind, string scope, string lookupKey, CustomerId customerId, CancellationToken cancellationToken = default)
    {
        var key = (kind, scope, lookupKey);
        var linked = _unit is not null && await _database.ReadAsync(() => Links.TryGetValue(key, out var l) && l.CustomerId == customerId, cancellationToken).ConfigureAwait(false);
        await _database.WriteAsync(
            _unit,
            () =>
            {
                if (!Links.TryGetValue(key, out var current) || current.CustomerId != customerId)
                {
                    return () => { };
                }

                Links.Remove(key);
                linked = true;
                return () => Links.Add(key, current);
            },
            cancellationToken).ConfigureAwait(false);
        return linked;
    }

    /// <inheritdoc />
    public async Task<int> UnlinkAllAsync(CustomerId customerId, CancellationToken cancellationToken = default)
    {
        var found = _unit is null ? 0 : await _database.ReadAsync(() => OfCustomer(customerId).Count, cancellationToken).ConfigureAwait(false);
        await _database.WriteAsync(
            _unit,
            () =>
            {
                var removed = OfCustomer(customerId);
                foreach (var link in removed)
                {
                    Links.Remove((link.Kind, link.Scope, link.LookupKey));
                }

                if (_unit is null)
                {
                    found = removed.Count;
                }

                return () =>
                {
                    foreach (var link in removed)
                    {
                        Links.Add((link.Kind, link.Scope, link.LookupKey), link);
                    }
                };
            },
            cancellationToken).ConfigureAwait(false);
        return found;
    }

    private List<CustomerIdentifierLink> OfCustomer(CustomerId customerId) =>
        [.. Links.Values.Where(l => l.CustomerId == customerId)
            .OrderBy(l => l.Kind)
            .ThenBy(l => l.Scope, StringComparer.Ordinal)
            .ThenBy(l => l.LookupKey, StringComparer.Ordinal)];

    /// <summary>The links of a database.</summary>
    internal sealed class Data
    {
        public Dictionary<(CustomerIdentifierKind Kind, string Scope, string LookupKey), CustomerIdentifierLink> Links { get; } = [];
    }
}
