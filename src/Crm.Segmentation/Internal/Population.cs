namespace Crm.Segmentation.Internal;

/// <summary>
/// The RFM values of every scored customer, sorted, for quantile bins and top-share tiers: three primitive arrays
/// (16 bytes per customer), the only part of a run that grows with the population.
/// </summary>
internal sealed class Population
{
    private int[] _days = new int[1024];
    private int[] _frequency = new int[1024];
    private long[] _money = new long[1024];

    public int Count { get; private set; }

    public void Add(int days, int frequency, long moneyMinor)
    {
        if (Count == _days.Length)
        {
            var size = Count * 2;
            Array.Resize(ref _days, size);
            Array.Resize(ref _frequency, size);
            Array.Resize(ref _money, size);
        }

        _days[Count] = days;
        _frequency[Count] = frequency;
        _money[Count] = moneyMinor;
        Count++;
    }

    public void Seal()
    {
        Array.Sort(_days, 0, Count);
        Array.Sort(_frequency, 0, Count);
        Array.Sort(_money, 0, Count);
    }

    /// <summary>The number of customers whose last purchase is strictly longer ago (more days).</summary>
    public int LongerAgo(int days) => Count - UpperBound(_days, Count, days);

    public int FewerPurchases(int frequency) => LowerBound(_frequency, Count, frequency);

    public int MorePurchases(int frequency) => Count - UpperBound(_frequency, Count, frequency);

    public int LessMoney(long minor) => LowerBound(_money, Count, minor);

    public int MoreMoney(long minor) => Count - UpperBound(_money, Count, minor);

    /// <summary>The quantile score: 1 + bins × (customers strictly worse) / population, so equal values share a bin.</summary>
    public int Score(int worse, int bins) => Count == 0 ? 1 : 1 + (int)((long)bins * worse / Count);

    private static int LowerBound<T>(T[] values, int count, T value)
        where T : IComparable<T>
    {
        int low = 0, high = count;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (values[mid].CompareTo(value) < 0)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }

    private static int UpperBound<T>(T[] values, int count, T value)
        where T : IComparable<T>
    {
        int low = 0, high = count;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (values[mid].CompareTo(value) <= 0)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }
}
