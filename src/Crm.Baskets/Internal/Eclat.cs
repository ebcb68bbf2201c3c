namespace Crm.Baskets.Internal;

/// <summary>
/// Eclat (Zaki 2000) over baskets of dense item numbers: every itemset held by at least a minimum number of baskets, with
/// its count, up to a maximum size, found depth-first by intersecting the sets of baskets (tid-sets) that hold each item.
/// </summary>
/// <remarks>
/// <para>Till data is sparse (ten items of thousands), which is where tree-based miners build big trees for nothing. So:
/// pairs are counted in one pass over the baskets (<see cref="PairCounts"/>), which decides every 2-itemset without an
/// intersection and prunes every longer candidate whose last two items are not a frequent pair; only then are tid-sets
/// intersected, and each intersection walks the smaller set and probes the larger as a bitset, so it costs the smaller
/// set's size.</para>
/// <para>Items are visited by ascending count (rare items first keep prefix tid-sets small); the result does not depend on
/// that order or on how items are numbered, and each itemset is emitted with its items ascending.</para>
/// </remarks>
internal sealed class Eclat
{
    private readonly int _minCount;
    private readonly int _maxSize;
    private readonly int[] _itemOf;
    private readonly int[][] _tids;
    private readonly ulong[]?[] _bits;
    private readonly ulong[][] _scratch;
    private readonly PairCounts _pairs;
    private readonly Action<ReadOnlySpan<int>, int> _emit;
    private readonly int[] _prefix;
    private readonly int[] _sorted;

    private Eclat(IReadOnlyList<int[]> baskets, int itemCount, int minCount, int maxSize, Action<ReadOnlySpan<int>, int> emit)
    {
        _minCount = minCount;
        _maxSize = maxSize;
        _emit = emit;
        _prefix = new int[maxSize];
        _sorted = new int[maxSize];
        var counts = new int[itemCount];
        foreach (var basket in baskets)
        {
            foreach (var item in basket)
            {
                counts[item]++;
            }
        }

        _itemOf = [.. Enumerable.Range(0, itemCount).Where(i => counts[i] >= minCount).OrderBy(i => counts[i]).ThenBy(i => i)];
        var index = new int[itemCount];
        Array.Fill(index, -1);
        for (var f = 0; f < _itemOf.Length; f++)
        {
            index[_itemOf[f]] = f;
        }

        // Tid-sets as ascending basket numbers; dense ones also as bitsets, where a bitset is smaller than the list (1 bit per basket against 32 per holder).
        var words = (baskets.Count + 63) / 64;
        _tids = [.. _itemOf.Select(i => new int[counts[i]])];
        _bits = [.. _itemOf.Select(i => (long)counts[i] * 32 >= baskets.Count ? new ulong[words] : null)];
        _scratch = [.. Enumerable.Range(0, maxSize).Select(_ => new ulong[words])];
        _pairs = new PairCounts(_itemOf.Length);
        var filled = new int[_itemOf.Length];
        var buffer = new List<int>();
        for (var b = 0; b < baskets.Count; b++)
        {
            buffer.Clear();
            foreach (var item in baskets[b])
            {
                if (index[item] is var f and >= 0)
                {
                    buffer.Add(f);
                    _tids[f][filled[f]++] = b;
                    if (_bits[f] is { } bits)
                    {
                        bits[b >> 6] |= 1UL << b;
                    }
                }
            }

            if (maxSize >= 2)
            {
                _pairs.AddBasket(buffer);
            }
        }
    }

    /// <summary>Finds the frequent itemsets.</summary>
    /// <param name="baskets">Each basket's distinct item numbers, in any order.</param>
    /// <param name="itemCount">The number of items; item numbers are below it.</param>
    /// <param name="minCount">The least number of baskets an itemset must be in, at least 1.</param>
    /// <param name="maxSize">The largest itemset size, at least 1.</param>
    /// <param name="emit">Receives each frequent itemset (item numbers ascending, a buffer reused after the call) and its count.</param>
    /// <param name="cancellationToken">Checked before each item's itemsets.</param>
    public static void Mine(IReadOnlyList<int[]> baskets, int itemCount, int minCount, int maxSize, Action<ReadOnlySpan<int>, int> emit, CancellationToken cancellationToken)
    {
        var miner = new Eclat(baskets, itemCount, minCount, maxSize, emit);
        for (var a = 0; a < miner._itemOf.Length; a++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            miner.MineFrom(a);
        }
    }

    /// <summary>Emits item <paramref name="a"/>, its frequent pairs with later items, and everything longer that starts with it.</summary>
    private void MineFrom(int a)
    {
        _prefix[0] = a;
        Emit(1, _tids[a].Length);
        if (_maxSize < 2)
        {
            return;
        }

        var extensions = new List<int>();
        for (var b = a + 1; b < _itemOf.Length; b++)
        {
            var count = _pairs.Get(a, b);
            if (count >= _minCount)
            {
                _prefix[1] = b;
                Emit(2, count);
                extensions.Add(b);
            }
        }

        if (_maxSize >= 3 && extensions.Count >= 2)
        {
            Mark(_scratch[0], _tids[a], set: true);
            Extend(1, _tids[a], extensions);
            Mark(_scratch[0], _tids[a], set: false);
        }
    }

    /// <summary>
    /// For the prefix of <paramref name="size"/> items (its tid-set marked in <c>_scratch[size - 1]</c>) and its frequent
    /// one-item extensions, emits every frequent itemset of the prefix, one extension and a later one, and goes deeper.
    /// </summary>
    private void Extend(int size, int[] prefixTids, List<int> extensions)
    {
        for (var i = 0; i < extensions.Count - 1; i++)
        {
            var c = extensions[i];
            var tids = Intersect(prefixTids, _scratch[size - 1], c);
            _prefix[size] = c;
            Mark(_scratch[size], tids, set: true);
            var deeper = new List<int>();
            for (var j = i + 1; j < extensions.Count; j++)
            {
                var d = extensions[j];
                if (_pairs.Get(c, d) < _minCount)
                {
                    continue;
                }

                var count = Count(tids, _scratch[size], d);
                if (count >= _minCount)
                {
                    _prefix[size + 1] = d;
                    Emit(size + 2, count);
                    deeper.Add(d);
                }
            }

            if (size + 3 <= _maxSize && deeper.Count >= 2)
            {
                Extend(size + 1, tids, deeper);
            }

            Mark(_scratch[size], tids, set: false);
        }
    }

    /// <summary>The baskets of a set (its list, and the same marked in <paramref name="marked"/>) that also hold item <paramref name="f"/>.</summary>
    private int[] Intersect(int[] set, ulong[] marked, int f)
    {
        var result = new List<int>(Math.Min(set.Length, _tids[f].Length));
        Probe(set, marked, f, result);
        return [.. result];
    }

    /// <summary>How many baskets of a set (its list, and the same marked in <paramref name="marked"/>) also hold item <paramref name="f"/>.</summary>
    private int Count(int[] set, ulong[] marked, int f) => Probe(set, marked, f, null);

    /// <summary>
    /// Walks the smaller of the set and the item's tid-set and probes the other: the set's marks, the item's bitset, or (for a
    /// sparse item with more baskets than the set) a binary search of its list. Counts the common baskets and adds them to <paramref name="into"/>.
    /// </summary>
    private int Probe(int[] set, ulong[] marked, int f, List<int>? into)
    {
        var count = 0;
        var item = _tids[f];
        if (item.Length <= set.Length)
        {
            foreach (var b in item)
            {
                if ((marked[b >> 6] & (1UL << b)) != 0)
                {
                    count++;
                    into?.Add(b);
                }
            }
        }
        else
        {
            var bits = _bits[f];
            foreach (var b in set)
            {
                if (bits is not null ? (bits[b >> 6] & (1UL << b)) != 0 : Array.BinarySearch(item, b) >= 0)
                {
                    count++;
                    into?.Add(b);
                }
            }
        }

        return count;
    }

    private static void Mark(ulong[] bits, int[] baskets, bool set)
    {
        foreach (var b in baskets)
        {
            if (set)
            {
                bits[b >> 6] |= 1UL << b;
            }
            else
            {
                bits[b >> 6] &= ~(1UL << b);
            }
        }
    }

    private void Emit(int size, int count)
    {
        for (var i = 0; i < size; i++)
        {
            _sorted[i] = _itemOf[_prefix[i]];
        }

        Array.Sort(_sorted, 0, size);
        _emit(_sorted.AsSpan(0, size), count);
    }

    /// <summary>
    /// The number of baskets holding each pair of frequent items, counted in one pass: a triangular array while it stays
    /// within 32 million pairs (128 MB), a dictionary of the pairs that occur beyond that (a catalogue of tens of thousands of SKUs).
    /// </summary>
    private sealed class PairCounts
    {
        private const long MaxDense = 32L * 1024 * 1024;
        private readonly int _items;
        private readonly int[]? _dense;
        private readonly Dictionary<long, int>? _sparse;

        public PairCounts(int items)
        {
            _items = items;
            var pairs = (long)items * (items - 1) / 2;
            if (pairs <= MaxDense)
            {
                _dense = new int[pairs];
            }
            else
            {
                _sparse = [];
            }
        }

        public void AddBasket(List<int> items)
        {
            items.Sort();
            for (var i = 0; i < items.Count; i++)
            {
                for (var j = i + 1; j < items.Count; j++)
                {
                    if (_dense is not null)
                    {
                        _dense[Index(items[i], items[j])]++;
                    }
                    else
                    {
                        var key = Index(items[i], items[j]);
                        _sparse![key] = _sparse.GetValueOrDefault(key) + 1;
                    }
                }
            }
        }

        /// <summary>The count of the pair of items <paramref name="a"/> &lt; <paramref name="b"/>.</summary>
        public int Get(int a, int b) => _dense is not null ? _dense[Index(a, b)] : _sparse!.GetValueOrDefault(Index(a, b));

        private long Index(int a, int b) => ((long)a * ((2L * _items) - a - 1) / 2) + (b - a - 1);
    }
}
