using Crm.Baskets;

namespace Crm.Storage.InMemory;

/// <summary>An in-memory <see cref="IBasketModelStore"/>: each model kept as its JSON, so a read returns a copy and a replay is compared by value.</summary>
/// <threadsafety>Safe to use from many threads at once.</threadsafety>
public sealed class InMemoryBasketModelStore : IBasketModelStore
{
    private readonly InMemoryDatabase _database;
    private readonly InMemoryUnitOfWork? _unit;

    /// <summary>Initializes a new instance of the <see cref="InMemoryBasketModelStore"/> class, whose writes apply at once.</summary>
    /// <param name="database">The database whose data the store reads and writes.</param>
    public InMemoryBasketModelStore(InMemoryDatabase database)
        : this(database, null)
    {
    }

    internal InMemoryBasketModelStore(InMemoryDatabase database, InMemoryUnitOfWork? unit)
    {
        _database = Internal.Guard.NotNull(database);
        _unit = unit;
    }

    private Data Store => _database.Baskets;

    /// <inheritdoc />
    public async Task<bool> SaveAsync(BasketModel model, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        var json = CrmJson.Serialize(model);
        var key = (model.Scope, model.Version);
        var saved = true;
        await _database.WriteAsync(
            _unit,
            () =>
            {
                if (Store.Models.TryGetValue(key, out var existing))
                {
                    saved = false;
                    return string.Equals(existing, json, StringComparison.Ordinal)
                        ? () => { }
                        : throw new CrmConcurrencyException($"basket model {model.Scope} v{model.Version}", 0, model.Version);
                }

                Store.Models.Add(key, json);
                return () => Store.Models.Remove(key);
            },
            cancellationToken).ConfigureAwait(false);
        return saved;
    }

    /// <inheritdoc />
    public Task<BasketModel?> FindAsync(string scope, int? version = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return _database.ReadAsync(
            () =>
            {
                var json = version is { } v
                    ? Store.Models.GetValueOrDefault((scope, v))
                    : Store.Models.Where(m => string.Equals(m.Key.Scope, scope, StringComparison.Ordinal)).OrderByDescending(m => m.Key.Version).Select(m => m.Value).FirstOrDefault();
                return json is null ? null : CrmJson.Deserialize<BasketModel>(json);
            },
            cancellationToken);
    }

    /// <summary>The basket models of a database, as JSON by scope and version.</summary>
    internal sealed class Data
    {
        public Dictionary<(string Scope, int Version), string> Models { get; } = [];
    }
}
