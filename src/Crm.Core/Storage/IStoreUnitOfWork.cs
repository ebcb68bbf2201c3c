namespace Crm;

/// <summary>
/// A unit of work over one storage adapter's stores: the writes made through its stores are kept until
/// <see cref="CommitAsync"/>, which applies all of them or none. <see cref="CrmManager"/> records each fact (a purchase
/// with everything every package does about it) as one unit.
/// </summary>
/// <remarks>
/// <para>The contract, the same on every adapter (the conformance suite <c>Crm.Testing.Conformance.UnitOfWorkConformanceTests</c>
/// checks each sentence):</para>
/// <list type="bullet">
/// <item><description><see cref="GetStore{TStore}"/> gives the adapter's store of a type, bound to this unit. Its reads return
/// committed state: the unit's own writes are visible to nobody, the unit included, until the commit.</description></item>
/// <item><description>A write through a bound store returns what it will have done once committed (the stored record with
/// its new version), without checking anything against the store. Its preconditions (the expected version, a key not used
/// before, a budget) are checked by <see cref="CommitAsync"/>.</description></item>
/// <item><description><see cref="CommitAsync"/> applies every write of the unit or none. When a precondition does not hold it
/// throws <see cref="CrmConcurrencyException"/> and applies nothing: the caller reads again and decides again (with
/// <see cref="CrmOptions.MaxConcurrencyRetries"/> and back-off, as the managers do).</description></item>
/// <item><description>Disposing a unit that was not committed discards its writes; so does a cancellation or a failure at any
/// point before the commit applied them. A unit commits at most once.</description></item>
/// <item><description>A unit writes a versioned record at most once: a second write of the same record in one unit expects the
/// version the first one moved, so the commit fails.</description></item>
/// </list>
/// <para>Because reads never wait for the unit's writes, an adapter may read ahead: <see cref="PrefetchAsync"/> tells it which
/// customers and facts the unit is about, so that it can read their records in one round trip and serve later reads from
/// memory. Adapters without round trips to save ignore it.</para>
/// </remarks>
/// <threadsafety>Not thread-safe: one flow uses a unit, one call at a time.</threadsafety>
public interface IStoreUnitOfWork : IAsyncDisposable
{
    /// <summary>Gets the adapter's store of a type, bound to this unit.</summary>
    /// <typeparam name="TStore">A store interface, such as <see cref="IActivityStore"/>.</typeparam>
    /// <returns>The store; its writes take effect when the unit commits.</returns>
    /// <exception cref="NotSupportedException">The adapter has no store of that type (its package is not installed, or the adapter does not provide it).</exception>
    /// <exception cref="InvalidOperationException">The unit was committed or disposed.</exception>
    TStore GetStore<TStore>()
        where TStore : class;

    /// <summary>Reads ahead the records the unit is about to read for some customers and facts; a hint that adapters may ignore.</summary>
    /// <param name="prefetch">The customers and facts.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>A task that completes when the records are read.</returns>
    ValueTask PrefetchAsync(StorePrefetch prefetch, CancellationToken cancellationToken = default);

    /// <summary>Applies every write made through the unit's stores, all or none.</summary>
    /// <param name="cancellationToken">A token to cancel the operation, observed until the writes start to be applied; from then on the commit runs to its end.</param>
    /// <returns>A task that completes when the writes are durable.</returns>
    /// <remarks>
    /// When the task completes, every write was applied; when it throws, none was. The one exception is a connection lost
    /// while the database was committing: the outcome is then unknown to the adapter, and the fact's replay (by its business
    /// key) tells which it was.
    /// </remarks>
    /// <exception cref="CrmConcurrencyException">A write's precondition does not hold (a version moved, a key was taken, a budget ran out); nothing was applied.</exception>
    /// <exception cref="InvalidOperationException">The unit was committed before, or disposed.</exception>
    Task CommitAsync(CancellationToken cancellationToken = default);
}
