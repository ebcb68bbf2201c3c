namespace Crm.Storage.InMemory;

/// <summary>A unit of work of an <see cref="InMemoryDatabase"/>: keeps its stores' writes and applies them in one go under the database's lock.</summary>
internal sealed class InMemoryUnitOfWork(InMemoryDatabase database) : IStoreUnitOfWork
{
    private readonly List<InMemoryWrite> _writes = [];
    private bool _ended;

    public TStore GetStore<TStore>()
        where TStore : class
    {
        ObjectDisposedException.ThrowIf(_ended, this);
        return (TStore)database.CreateStore(typeof(TStore), this);
    }

    // Nothing to read ahead: every read is a dictionary look-up.
    public ValueTask PrefetchAsync(StorePrefetch prefetch, CancellationToken cancellationToken = default) =>
        cancellationToken.IsCancellationRequested ? ValueTask.FromCanceled(cancellationToken) : ValueTask.CompletedTask;

    public Task CommitAsync(CancellationToken cancellationToken = default)
    {
        if (_ended)
        {
            return Task.FromException(new InvalidOperationException("The unit of work was committed or disposed before."));
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        _ended = true;
        try
        {
            database.Apply(_writes);
            return Task.CompletedTask;
        }
        catch (Exception exception)
        {
            return Task.FromException(exception);
        }
        finally
        {
            _writes.Clear();
        }
    }

    public ValueTask DisposeAsync()
    {
        _ended = true;
        _writes.Clear();
        return ValueTask.CompletedTask;
    }

    internal void Add(InMemoryWrite write)
    {
        ObjectDisposedException.ThrowIf(_ended, this);
        _writes.Add(write);
    }
}
