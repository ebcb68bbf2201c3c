using System.Runtime.CompilerServices;

namespace Crm.Internal;

/// <summary>The one keyset-paging loop: reads pages after the last key of the previous page until a page comes back short.</summary>
internal static class KeysetPaging
{
    /// <summary>Streams every item of a keyset-paged query.</summary>
    /// <typeparam name="T">The item.</typeparam>
    /// <typeparam name="TKey">The key the query pages on (a customer id, or a pair of keys).</typeparam>
    /// <param name="readPage">Reads up to a page size of items after a key (<see langword="null"/> for the start), in key order.</param>
    /// <param name="keyOf">The key of an item.</param>
    /// <param name="pageSize">The page size, at least 1.</param>
    /// <param name="progress">Receives the number of items read so far after each page, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">A token to cancel the reading.</param>
    /// <returns>The items in key order; memory is bounded by one page.</returns>
    public static async IAsyncEnumerable<T> ReadAllAsync<T, TKey>(
        Func<TKey?, int, CancellationToken, Task<IReadOnlyList<T>>> readPage,
        Func<T, TKey> keyOf,
        int pageSize,
        IProgress<int>? progress,
        [EnumeratorCancellation] CancellationToken cancellationToken)
        where TKey : struct
    {
        var read = 0;
        for (TKey? after = null; ;)
        {
            var page = await readPage(after, pageSize, cancellationToken).ConfigureAwait(false);
            foreach (var item in page)
            {
                yield return item;
            }

            read += page.Count;
            progress?.Report(read);
            if (page.Count < pageSize)
            {
                yield break;
            }

            after = keyOf(page[^1]);
        }
    }
}
