namespace Crm;

/// <summary>
/// Begins store batches: scopes in which the store calls of one flow (a history import, a population run) share one
/// write transaction of the storage adapter, so a database commits once per batch instead of once per call.
/// Resolve it from the service provider; every storage adapter registers one.
/// </summary>
/// <remarks>
/// <para>A batch applies to the asynchronous flow that begins it: the calls made after <c>await</c>ing
/// <see cref="BeginBatchAsync"/> in the same method, and in the methods and tasks it starts, until the batch is
/// disposed. Other flows are not part of it. Begin the batch in the method that makes the calls: an async helper that
/// begins a batch and returns it leaves its caller outside the batch (and on SQLite waiting for the batch's write lock).</para>
/// <para>The contract, the same on every adapter:</para>
/// <list type="bullet">
/// <item><description>Each store call inside a batch stays atomic, idempotent by its key and checked against its expected
/// version, exactly as outside one. A call that fails leaves nothing of itself; the calls before it stay, and the batch
/// stays usable for the calls after it.</description></item>
/// <item><description>A batch never undoes a call that succeeded. Disposing the batch commits its calls, also when the flow
/// ends with an exception; they are durable at the latest when <see cref="IAsyncDisposable.DisposeAsync"/> returns.
/// A crash (or a failed commit, which the dispose throws) before that loses the batch's calls, all of them; the host
/// retries them, which the idempotency keys make safe.</description></item>
/// <item><description>Whether other flows see a batch's calls before it ends depends on the adapter (SQLite and PostgreSQL:
/// not before; in-memory: at once). After it ends, every flow sees them.</description></item>
/// <item><description>Calls inside one batch run one at a time: tasks of the flow that call stores in parallel wait for
/// each other's call to finish.</description></item>
/// <item><description>Beginning a batch inside a batch of the same adapter joins the outer one: disposing the inner handle
/// does nothing, and the outer batch commits everything.</description></item>
/// </list>
/// <para>A batch holds its database's write transaction for its life. On SQLite that is the database's single write lock:
/// writers of other flows and processes wait for it (up to the busy timeout), so batches are for imports and background
/// runs, not for the till: keep an import's batches to a few hundred calls, and run a whole population run in one only where
/// nothing else writes meanwhile (the samples do, at start-up). On PostgreSQL a batch holds the row locks of the rows it
/// wrote until it ends. The default registered by <c>AddCrm</c>, which the in-memory adapter keeps, groups nothing: each
/// call takes effect at once.</para>
/// </remarks>
/// <threadsafety>Implementations are safe to call from many threads; each returned batch belongs to the flow that began it.</threadsafety>
public interface IStoreBatchFactory
{
    /// <summary>Begins a batch for the calling flow, or joins the batch the flow is already in.</summary>
    /// <param name="cancellationToken">A token to cancel beginning the batch. On SQLite taking the write lock waits up to the busy timeout and cannot be cancelled.</param>
    /// <returns>The batch; dispose it to commit its calls and end it.</returns>
    /// <example>
    /// <code>
    /// var batches = provider.GetRequiredService&lt;IStoreBatchFactory&gt;();
    /// await using (await batches.BeginBatchAsync())
    /// {
    ///     foreach (var purchase in chunk)
    ///     {
    ///         await crm.RecordPurchaseAsync(purchase);
    ///     }
    /// }
    /// </code>
    /// </example>
    Task<IAsyncDisposable> BeginBatchAsync(CancellationToken cancellationToken = default);
}
