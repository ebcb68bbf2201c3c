namespace Crm.Baskets.Internal;

/// <summary>
/// FP-Growth (Han, Pei, Yin 2000) over baskets of dense item numbers: every itemset bought together in at least a minimum
/// number of baskets, with its count, up to a maximum size.
/// </summary>
/// <remarks>
/// <para>Items are ranked by descending count, so shared prefixes are long and the tree small. A tree is built from a set of
/// weighted paths by sorting them lexicographically: in sorted order each path shares with the tree exactly its common
/// prefix with the previous path, so no node ever looks up its children. Conditional pattern bases are kept in flat arrays,
/// not one array per path, because a million baskets make millions of paths.</para>
/// <para>The recursion is on ranks, never on item names, so the result does not depend on how items are named or numbered.</para>
/// </remarks>
internal static class FpGrowth
{
    /// <summary>Finds the frequent itemsets.</summary>
    /// <param name="baskets">Each basket's distinct item numbers, in any order.</param>
    /// <param name="itemCount">The number of items; item numbers are below it.</param>
    /// <param name="minCount">The least number of baskets an itemset must be in, at least 1.</param>
    /// <param name="maxSize">The largest itemset size, at least 1.</param>
    /// <param name="emit">Receives each frequent itemset (item numbers ascending, a buffer reused after the call) and its count.</param>
    /// <param name="cancellationToken">Checked between top-level items.</param>
    public static void Mine(IReadOnlyList<int[]> baskets, int itemCount, int minCount, int maxSize, Action<ReadOnlySpan<int>, int> emit, CancellationToken cancellationToken)
    {
        var counts = new int[itemCount];
        long total = 0;
        foreach (var basket in baskets)
        {
            foreach (var item in basket)
            {
                counts[item]++;
            }

            total += basket.Length;
        }

        // Rank 0 is the most frequent item; ties by item number, so the tree is the same in every run.
        var frequent = Enumerable.Range(0, itemCount).Where(i => counts[i] >= minCount).OrderByDescending(i => counts[i]).ThenBy(i => i).ToArray();
        var rankOf = new int[itemCount];
        Array.Fill(rankOf, -1);
        for (var r = 0; r < frequent.Length; r++)
        {
            rankOf[frequent[r]] = r;
        }

        var paths = new PathSet(baskets.Count, checked((int)Math.Min(total, int.MaxValue)));
        var buffer = new List<int>();
        foreach (var basket in baskets)
        {
            buffer.Clear();
            foreach (var item in basket)
            {
                if (rankOf[item] >= 0)
                {
                    buffer.Add(rankOf[item]);
                }
            }

            if (buffer.Count > 0)
            {
                buffer.Sort();
                paths.Add(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(buffer), 1);
            }
        }

        var tree = Tree.Build(paths, frequent.Length);
        var suffix = new int[maxSize];
        var itemset = new int[maxSize];
        var miner = new Miner(minCount, maxSize, frequent, suffix, itemset, emit);
        miner.Run(tree, 0, cancellationToken);
    }

    /// <summary>The recursion of FP-Growth over conditional trees.</summary>
    private sealed class Miner(int minCount, int maxSize, int[] itemOfRank, int[] suffix, int[] itemset, Action<ReadOnlySpan<int>, int> emit)
    {
        public void Run(Tree tree, int depth, CancellationToken cancellationToken)
        {
            // Least frequent first: its conditional base is the smallest, as the algorithm intends.
            for (var rank = tree.RankCount - 1; rank >= 0; rank--)
            {
                if (depth == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                var support = tree.Support(rank);
                if (support < minCount)
                {
                    continue;
                }

                suffix[depth] = tree.Global(rank);
                Emit(depth + 1, support);
                if (depth + 1 < maxSize)
                {
                    var conditional = tree.Conditional(rank, minCount);
                    if (conditional is not null)
                    {
                        Run(conditional, depth + 1, cancellationToken);
                    }
                }
            }
        }

        private void Emit(int size, int support)
        {
            for (var i = 0; i < size; i++)
            {
                itemset[i] = itemOfRank[suffix[i]];
            }

            Array.Sort(itemset, 0, size);
            emit(itemset.AsSpan(0, size), support);
        }
    }

    /// <summary>Weighted paths of ranks (each ascending) in flat arrays.</summary>
    private sealed class PathSet(int pathCapacity, int itemCapacity)
    {
        private int[] _items = new int[Math.Max(itemCapacity, 4)];
        private int[] _starts = new int[Math.Max(pathCapacity, 4) + 1];
        private int[] _weights = new int[Math.Max(pathCapacity, 4)];

        public int Count { get; private set; }

        public int Length => _starts[Count];

        public ReadOnlySpan<int> this[int path] => _items.AsSpan(_starts[path], _starts[path + 1] - _starts[path]);

        public int Weight(int path) => _weights[path];

        public void Add(ReadOnlySpan<int> ranks, int weight)
        {
            if (Count + 1 >= _starts.Length)
            {
                Array.Resize(ref _starts, _starts.Length * 2);
                Array.Resize(ref _weights, _weights.Length * 2);
            }

            var end = _starts[Count] + ranks.Length;
            if (end > _items.Length)
            {
                Array.Resize(ref _items, Math.Max(end, _items.Length * 2));
            }

            ranks.CopyTo(_items.AsSpan(_starts[Count]));
            _weights[Count] = weight;
            Count++;
            _starts[Count] = end;
        }

        public int Compare(int x, int y) => this[x].SequenceCompareTo(this[y]);
    }

    /// <summary>An FP-tree in arrays: each node's rank, count and parent, and per rank the chain of its nodes.</summary>
    private sealed class Tree
    {
        private readonly int[] _rank;
        private readonly int[] _count;
        private readonly int[] _parent;
        private readonly int[] _next;
        private readonly int[] _head;
        private readonly int[] _support;

        // The rank, in the whole data's order, of each of this tree's ranks (a conditional tree numbers only the ranks it keeps).
        private readonly int[] _global;

        private Tree(int capacity, int rankCount)
        {
            _global = new int[rankCount];
            for (var r = 0; r < rankCount; r++)
            {
                _global[r] = r;
            }

            _rank = new int[capacity];
            _count = new int[capacity];
            _parent = new int[capacity];
            _next = new int[capacity];
            _head = new int[rankCount];
            _support = new int[rankCount];
            Array.Fill(_head, -1);
            RankCount = rankCount;
        }

        public int RankCount { get; }

        public int Support(int rank) => _support[rank];

        public int Global(int rank) => _global[rank];

        public static Tree Build(PathSet paths, int rankCount)
        {
            var order = new int[paths.Count];
            for (var i = 0; i < order.Length; i++)
            {
                order[i] = i;
            }

            Array.Sort(order, paths.Compare);
            var tree = new Tree(paths.Length, rankCount);
            var nodes = 0;
            var stack = new int[Math.Max(rankCount, 1)];
            ReadOnlySpan<int> previous = [];
            foreach (var p in order)
            {
                var path = paths[p];
                var weight = paths.Weight(p);
                var common = path.CommonPrefixLength(previous);
                for (var d = 0; d < path.Length; d++)
                {
                    int node;
                    if (d < common)
                    {
                        node = stack[d];
                    }
                    else
                    {
                        node = nodes++;
                        var rank = path[d];
                        tree._rank[node] = rank;
                        tree._parent[node] = d == 0 ? -1 : stack[d - 1];
                        tree._next[node] = tree._head[rank];
                        tree._head[rank] = node;
                        stack[d] = node;
                    }

                    tree._count[node] += weight;
                    tree._support[path[d]] += weight;
                }

                previous = path;
            }

            return tree;
        }

        /// <summary>The tree of the paths leading to <paramref name="rank"/>, keeping only ranks frequent among them; null when none is.</summary>
        public Tree? Conditional(int rank, int minCount)
        {
            var counts = new int[rank];
            var length = 0;
            var paths = 0;
            for (var node = _head[rank]; node >= 0; node = _next[node])
            {
                for (var up = _parent[node]; up >= 0; up = _parent[up])
                {
                    counts[_rank[up]] += _count[node];
                    length++;
                }

                paths++;
            }

            // Only ranks below this one can be on its paths; they keep their order, so paths stay ascending.
            var keep = new int[rank];
            var kept = 0;
            for (var r = 0; r < rank; r++)
            {
                keep[r] = counts[r] >= minCount ? kept++ : -1;
            }

            if (kept == 0)
            {
                return null;
            }

            var set = new PathSet(paths, length);
            var path = new int[rank];
            for (var node = _head[rank]; node >= 0; node = _next[node])
            {
                var n = 0;
                for (var up = _parent[node]; up >= 0; up = _parent[up])
                {
                    if (keep[_rank[up]] >= 0)
                    {
                        path[n++] = keep[_rank[up]];
                    }
                }

                if (n > 0)
                {
                    path.AsSpan(0, n).Reverse();
                    set.Add(path.AsSpan(0, n), _count[node]);
                }
            }

            var tree = Build(set, kept);
            for (var r = 0; r < rank; r++)
            {
                if (keep[r] >= 0)
                {
                    tree._global[keep[r]] = _global[r];
                }
            }

            return tree;
        }
    }
}
