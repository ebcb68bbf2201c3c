namespace Crm.Internal;

/// <summary>
/// The default <see cref="IStoreBatchFactory"/> for adapters that have no shared transaction to offer (in-memory, a
/// host's own): a batch groups nothing, as each call already takes effect atomically when it returns.
/// </summary>
internal sealed class UnbatchedStoreBatchFactory : IStoreBatchFactory
{
    private static readonly Task<IAsyncDisposable> Batch = Task.FromResult<IAsyncDisposable>(new NoBatch());

    public Task<IAsyncDisposable> BeginBatchAsync(CancellationToken cancellationToken = default) =>
        cancellationToken.IsCancellationRequested ? Task.FromCanceled<IAsyncDisposable>(cancellationToken) : Batch;

    private sealed class NoBatch : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
