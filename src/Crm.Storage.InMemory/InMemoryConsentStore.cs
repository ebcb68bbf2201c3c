namespace Crm.Storage.InMemory;

/// <summary>An in-memory <see cref="IConsentStore"/>: records by id, and each customer's records in append order.</summary>
/// <threadsafety>Safe to use from many threads at once.</threadsafety>
public sealed class InMemoryConsentStore : IConsentStore
{
    private readonly InMemoryDatabase _database;
    private readonly InMemoryUnitOfWork? _unit;

    /// <summary>Initializes a new instance of the <see cref="InMemoryConsentStore"/> class, whose writes apply at once.</summary>
    /// <param name="database">The database whose data the store reads and writes.</param>
    public InMemoryConsentStore(InMemoryDatabase database)
        : this(database, null)
    {
    }

    internal InMemoryConsentStore(InMemoryDatabase database, InMemoryUnitOfWork? unit)
    {
        _database = Internal.Guard.NotNull(database);
        _unit = unit;
    }

    private Data Consents => _database.Consents;

    /// <inheritdoc />
    public async Task<(ConsentRecord Record, bool Added)> AppendAsync(ConsentRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        ConsentRecord? existing = null;
        await _database.WriteAsync(
            _unit,
            () =>
            {
                // Outside a unit a taken id is the answer; in a unit the commit finds it and fails.
                if (Consents.ById.TryGetValue(record.Id, out existing))
                {
                    if (_unit is not null)
                    {
                        throw new CrmConcurrencyException($"consent record {record.Id}", 0, 1);
                    }

                    return () => { };
                }

                Consents.ById.Add(record.Id, record);
                if (!Consents.ByCustomer.TryGetValue(record.CustomerId, out var list))
                {
                    Consents.ByCustomer[record.CustomerId] = list = [];
                }

                list.Add(record);
                return () =>
                {
                    Consents.ById.Remove(record.Id);
                    list.Remove(record);
                };
            },
            cancellationToken).ConfigureAwait(false);
        return existing is null ? (record, true) : (existing, false);
    }

    /// <inheritdoc />
    public Task<ConsentRecord?> FindAsync(string recordId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(recordId);
        return _database.ReadAsync(() => Consents.ById.GetValueOrDefault(recordId), cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ConsentRecord>> ListAsync(CustomerId customerId, CancellationToken cancellationToken = default) =>
        _database.ReadAsync<IReadOnlyList<ConsentRecord>>(
            () => Consents.ByCustomer.TryGetValue(customerId, out var list)
                ? [.. list.OrderBy(r => r.At).ThenBy(r => r.RecordedAt).ThenBy(r => r.Id, StringComparer.Ordinal)]
                : [],
            cancellationToken);

    /// <summary>The consent records of a database.</summary>
    internal sealed class Data
    {
        public Dictionary<string, ConsentRecord> ById { get; } = new(StringComparer.Ordinal);

        public Dictionary<CustomerId, List<ConsentRecord>> ByCustomer { get; } = [];
    }
}
