namespace Crm.Storage.InMemory;

/// <summary>Where a run of rows starts in a <see cref="ChunkedLog{T}"/>.</summary>
/// <param name="Chunk">The chunk's index, or -1 for <see cref="None"/>.</param>
/// <param name="Offset">The first row's index in the chunk.</param>
internal readonly record struct RowRef(int Chunk, int Offset)
{
    /// <summary>Gets a reference to nothing.</summary>
    public static RowRef None { get; } = new(-1, 0);

    /// <summary>Gets a value indicating whether this is <see cref="None"/>.</summary>
    public bool IsNone => Chunk < 0;
}

/// <summary>
/// An append-only log of value rows, kept in chunks that double in size up to <see cref="MaxChunkBytes"/> so that a
/// large log lives on the large object heap; a run of rows reserved together is contiguous in one chunk.
/// </summary>
/// <remarks>
/// <para>Why: an in-memory store keeps what it is given for as long as the process runs. Every small object kept that
/// long is copied by the garbage collector from generation 0 to 1 and again to 2, which cost the purchase path more
/// than all its other work. Rows in large chunks are never copied; the collector only visits the references a row
/// holds. Small stores (tests) stay small: the first chunk holds 16 rows.</para>
/// <para>Threads: <see cref="Reserve"/> may be called from many threads. A reserved run belongs to its caller, which
/// fills it and publishes the <see cref="RowRef"/> under its own lock; readers that acquired that lock after the publication may then read the run (also after releasing it, as long as the run is never written again).</para>
/// </remarks>
/// <typeparam name="T">The row type.</typeparam>
internal sealed class ChunkedLog<T>
    where T : struct
{
    /// <summary>The largest regular chunk, above the large object heap's 85,000-byte threshold.</summary>
    private const int MaxChunkBytes = 128 * 1024;
    private const int FirstChunkLength = 16;

    private static readonly int MaxChunkLength = Math.Max(FirstChunkLength, MaxChunkBytes / System.Runtime.CompilerServices.Unsafe.SizeOf<T>());
    private readonly Lock _gate = new();
    private T[][] _chunks = [];
    private int _chunkCount;
    private int _used;

    /// <summary>Reserves <paramref name="count"/> contiguous rows.</summary>
    /// <param name="count">The number of rows, at least 1.</param>
    /// <param name="rows">The reserved rows, to fill.</param>
    /// <returns>Where the rows start.</returns>
    public RowRef Reserve(int count, out Span<T> rows)
    {
        lock (_gate)
        {
            var last = _chunkCount - 1;
            if (last < 0 || _chunks[last].Length - _used < count)
            {
                var length = last < 0 ? FirstChunkLength : Math.Min(MaxChunkLength, _chunks[last].Length * 2);
                AddChunk(new T[Math.Max(length, count)]);
                last = _chunkCount - 1;
                _used = 0;
            }

            var at = new RowRef(last, _used);
            _used += count;
            rows = _chunks[last].AsSpan(at.Offset, count);
            return at;
        }
    }

    /// <summary>Gets a reserved row: the first of its run.</summary>
    /// <param name="at">Where the run starts.</param>
    /// <returns>The row.</returns>
    public ref T Row(RowRef at) => ref Volatile.Read(ref _chunks)[at.Chunk][at.Offset];

    /// <summary>Gets a reserved run of rows.</summary>
    /// <param name="at">Where the run starts.</param>
    /// <param name="count">Its length.</param>
    /// <returns>The rows.</returns>
    public Span<T> Rows(RowRef at, int count) => Volatile.Read(ref _chunks)[at.Chunk].AsSpan(at.Offset, count);

    private void AddChunk(T[] chunk)
    {
        // Readers index the chunk array without the lock: publish a new array rather than growing this one in place.
        if (_chunkCount == _chunks.Length)
        {
            var grown = new T[Math.Max(4, _chunks.Length * 2)][];
            Array.Copy(_chunks, grown, _chunkCount);
            Volatile.Write(ref _chunks, grown);
        }

        _chunks[_chunkCount++] = chunk;
    }
}
