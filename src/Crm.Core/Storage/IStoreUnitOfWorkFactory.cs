namespace Crm;

/// <summary>
/// Begins units of work over a storage adapter's stores. Every storage adapter registers one; resolve it from the
/// service provider for bulk work of your own, or let <see cref="CrmManager"/> use it for each fact it records.
/// </summary>
/// <threadsafety>Implementations are safe to call from many threads at once; each unit belongs to the flow that began it.</threadsafety>
public interface IStoreUnitOfWorkFactory
{
    /// <summary>Begins a unit of work. Nothing is read or locked until the unit's stores are used.</summary>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The unit; commit it with <see cref="IStoreUnitOfWork.CommitAsync"/>, and dispose it in every case.</returns>
    /// <example>
    /// <code>
    /// await using var unit = await units.BeginAsync(cancellationToken);
    /// var store = unit.GetStore&lt;IMyStore&gt;();
    /// var record = await store.FindAsync(id, cancellationToken);      // committed state
    /// await store.SaveAsync(record with { ... }, record.Version, cancellationToken);   // kept until the commit
    /// await unit.CommitAsync(cancellationToken);                       // all of the unit's writes, or none
    /// </code>
    /// </example>
    ValueTask<IStoreUnitOfWork> BeginAsync(CancellationToken cancellationToken = default);
}
