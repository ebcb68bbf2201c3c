using Crm.Internal;
using NodaTime;

namespace Crm;

/// <summary>
/// A customer's activity metrics, kept up to date incrementally as purchases and refunds are recorded.
/// </summary>
/// <remarks>
/// <para>Metrics are derived: they always equal <see cref="Recompute"/> over the customer's journal, which the
/// conformance suite and property tests check for every adapter.</para>
/// <para>A refund lowers <see cref="NetSpend"/>, the spend of its lines' categories and the spend of its purchase's
/// month; it does not lower <see cref="PurchaseCount"/> (refunds are counted in <see cref="RefundCount"/>).</para>
/// <para>Windowed sums by month (<see cref="SpendBetween"/>, <see cref="PurchasesBetween"/>) are cheap; windows that do not
/// fall on month boundaries (the last 30 days) are computed from the journal with <see cref="IActivityStore.GetEntriesAsync"/>.</para>
/// </remarks>
/// <threadsafety>Immutable; safe to share between threads.</threadsafety>
public sealed class CustomerMetrics : IEquatable<CustomerMetrics>
{
    private readonly CategorySpend[] _categories;

    // The months are the closed ones (_closed.Items[0.._closedCount), shared with earlier snapshots) and the latest one
    // (_latest, when _monthCount > 0). A purchase in the latest month, the usual case, copies no array; a new month
    // appends to the shared buffer when no other snapshot has claimed that slot, so each snapshot stays immutable.
    private readonly MonthBuffer _closed;
    private readonly int _closedCount;
    private readonly MonthlyActivity _latest;
    private readonly int _monthCount;
    private MonthlyActivity[]? _months;

    /// <summary>Initializes a new instance of the <see cref="CustomerMetrics"/> class, as a store rebuilds it from its rows.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="version">The number of journal entries the metrics include.</param>
    /// <param name="firstPurchaseAt">The instant of the first purchase, if any.</param>
    /// <param name="lastPurchaseAt">The instant of the last purchase, if any.</param>
    /// <param name="purchaseCount">The number of purchases.</param>
    /// <param name="refundCount">The number of refunds.</param>
    /// <param name="netSpend">The net spend.</param>
    /// <param name="categories">The net spend per category, in any order.</param>
    /// <param name="months">The activity per month, in any order.</param>
    public CustomerMetrics(
        CustomerId customerId,
        long version,
        Instant? firstPurchaseAt,
        Instant? lastPurchaseAt,
        int purchaseCount,
        int refundCount,
        Money netSpend,
        IEnumerable<CategorySpend> categories,
        IEnumerable<MonthlyActivity> months)
        : this(
            customerId,
            version,
            firstPurchaseAt,
            lastPurchaseAt,
            purchaseCount,
            refundCount,
            netSpend,
            [.. Guard.NotNull(categories).OrderBy(c => c.Category, StringComparer.Ordinal)],
            MonthBuffer.Empty,
            0,
            default,
            0)
    {
        MonthlyActivity[] sorted = [.. Guard.NotNull(months).OrderBy(m => m.Month)];
        if (sorted.Length > 0)
        {
            _closed = new MonthBuffer(sorted, sorted.Length - 1);
            _closedCount = sorted.Length - 1;
            _latest = sorted[^1];
            _monthCount = sorted.Length;
        }
    }

    private CustomerMetrics(
        CustomerId customerId,
        long version,
        Instant? firstPurchaseAt,
        Instant? lastPurchaseAt,
        int purchaseCount,
        int refundCount,
        Money netSpend,
        CategorySpend[] categories,
        MonthBuffer closed,
        int closedCount,
        MonthlyActivity latest,
        int monthCount)
    {
        CustomerId = customerId;
        Version = version;
        FirstPurchaseAt = firstPurchaseAt;
        LastPurchaseAt = lastPurchaseAt;
        PurchaseCount = purchaseCount;
        RefundCount = refundCount;
        NetSpend = netSpend;
        _categories = categories;
        _closed = closed;
        _closedCount = closedCount;
        _latest = latest;
        _monthCount = monthCount;
    }

    /// <summary>Gets the customer.</summary>
    public CustomerId CustomerId { get; }

    /// <summary>Gets the version: the number of journal entries (purchases and refunds) these metrics include.</summary>
    public long Version { get; }

    /// <summary>Gets the instant of the earliest purchase, or <see langword="null"/> before the first.</summary>
    public Instant? FirstPurchaseAt { get; }

    /// <summary>Gets the instant of the latest purchase, or <see langword="null"/> before the first.</summary>
    public Instant? LastPurchaseAt { get; }

    /// <summary>Gets the number of purchases recorded.</summary>
    public int PurchaseCount { get; }

    /// <summary>Gets the number of refunds recorded.</summary>
    public int RefundCount { get; }

    /// <summary>Gets the total paid for all purchases less everything refunded.</summary>
    public Money NetSpend { get; }

    /// <summary>Gets the net spend per category, sorted ordinally by category.</summary>
    public IReadOnlyList<CategorySpend> Categories => _categories;

    /// <summary>Gets the activity per local month, oldest first; months without purchases are absent.</summary>
    public IReadOnlyList<MonthlyActivity> Months => _months ??= CopyMonths();

    /// <summary>Creates the metrics of a customer with no activity.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="currency">The programme's currency.</param>
    /// <returns>Metrics at version 0 with zero counts and zero spend.</returns>
    public static CustomerMetrics Empty(CustomerId customerId, Currency currency) =>
        new(customerId, 0, null, null, 0, 0, Money.Zero(currency), [], MonthBuffer.Empty, 0, default, 0);

    /// <summary>Computes metrics from scratch from a customer's journal.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="currency">The programme's currency.</param>
    /// <param name="entries">The customer's journal entries, in journal order.</param>
    /// <returns>The metrics.</returns>
    public static CustomerMetrics Recompute(CustomerId customerId, Currency currency, IEnumerable<ActivityEntry> entries)
    {
        Guard.NotNull(entries);
        var metrics = Empty(customerId, currency);
        foreach (var entry in entries)
        {
            metrics = metrics.Apply(entry);
        }

        return metrics;
    }

    /// <summary>Returns the metrics after one more journal entry.</summary>
    /// <param name="entry">The entry, of this customer and this currency.</param>
    /// <returns>New metrics with <see cref="Version"/> one higher.</returns>
    /// <exception cref="ArgumentException">The entry belongs to another customer.</exception>
    public CustomerMetrics Apply(ActivityEntry entry)
    {
        Guard.NotNull(entry);
        if (entry.CustomerId != CustomerId)
        {
            throw new ArgumentException($"The entry belongs to customer {entry.CustomerId}, not {CustomerId}.", nameof(entry));
        }

        var isPurchase = entry.Kind == ActivityKind.Purchase;
        var signed = isPurchase ? entry.Amount : -entry.Amount;
        var categories = AddToCategories(_categories, entry.Lines, isPurchase);
        var purchases = isPurchase ? 1 : 0;
        var month = entry.PurchaseMonth;
        var closed = _closed;
        var closedCount = _closedCount;
        var latest = new MonthlyActivity(month, purchases, signed);
        var monthCount = _monthCount + 1;
        if (_monthCount > 0)
        {
            var order = month.CompareTo(_latest.Month);
            if (order == 0)
            {
                latest = new MonthlyActivity(month, _latest.PurchaseCount + purchases, _latest.NetSpend + signed);
                monthCount = _monthCount;
            }
            else if (order > 0)
            {
                closed = _closed.Append(_closedCount, _latest);
                closedCount = _closedCount + 1;
            }
            else
            {
                latest = _latest;
                (closed, closedCount, monthCount) = AddToClosedMonth(month, purchases, signed);
            }
        }

        return new CustomerMetrics(
            CustomerId,
            Version + 1,
            isPurchase ? Earliest(FirstPurchaseAt, entry.PurchasedAt) : FirstPurchaseAt,
            isPurchase ? Latest(LastPurchaseAt, entry.PurchasedAt) : LastPurchaseAt,
            PurchaseCount + purchases,
            RefundCount + (isPurchase ? 0 : 1),
            NetSpend + signed,
            categories,
            closed,
            closedCount,
            latest,
            monthCount);
    }

    /// <summary>Gets the net spend of purchases made in the months from <paramref name="first"/> to <paramref name="last"/>, both inclusive.</summary>
    /// <param name="first">The first month of the window.</param>
    /// <param name="last">The last month of the window.</param>
    /// <returns>The net spend in the window; zero when nothing was bought in it.</returns>
    public Money SpendBetween(YearMonth first, YearMonth last)
    {
        var sum = Money.Zero(NetSpend.Currency);
        for (var i = 0; i < _monthCount; i++)
        {
            var month = MonthAt(i);
            if (month.Month.CompareTo(first) >= 0 && month.Month.CompareTo(last) <= 0)
            {
                sum += month.NetSpend;
            }
        }

        return sum;
    }

    /// <summary>Gets the number of purchases made in the months from <paramref name="first"/> to <paramref name="last"/>, both inclusive.</summary>
    /// <param name="first">The first month of the window.</param>
    /// <param name="last">The last month of the window.</param>
    /// <returns>The number of purchases in the window.</returns>
    public int PurchasesBetween(YearMonth first, YearMonth last)
    {
        var count = 0;
        for (var i = 0; i < _monthCount; i++)
        {
            var month = MonthAt(i);
            if (month.Month.CompareTo(first) >= 0 && month.Month.CompareTo(last) <= 0)
            {
                count += month.PurchaseCount;
            }
        }

        return count;
    }

    /// <summary>Gets the net spend in one category.</summary>
    /// <param name="category">The category.</param>
    /// <returns>The net spend; zero when nothing of the category was bought.</returns>
    public Money SpendIn(string category)
    {
        var index = FindCategory(_categories, Guard.NotNull(category));
        return index >= 0 ? _categories[index].NetSpend : Money.Zero(NetSpend.Currency);
    }

    /// <inheritdoc />
    public bool Equals(CustomerMetrics? other) =>
        other is not null
        && CustomerId == other.CustomerId
        && Version == other.Version
        && FirstPurchaseAt == other.FirstPurchaseAt
        && LastPurchaseAt == other.LastPurchaseAt
        && PurchaseCount == other.PurchaseCount
        && RefundCount == other.RefundCount
        && NetSpend == other.NetSpend
        && _categories.AsSpan().SequenceEqual(other._categories)
        && _monthCount == other._monthCount
        && _latest == other._latest
        && _closed.Items.AsSpan(0, _closedCount).SequenceEqual(other._closed.Items.AsSpan(0, other._closedCount));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as CustomerMetrics);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(CustomerId, Version, PurchaseCount, RefundCount, NetSpend);

    /// <summary>Summarises the metrics for logs and test failures.</summary>
    /// <returns>A one-line summary.</returns>
    public override string ToString() =>
        $"{CustomerId} v{Version}: {PurchaseCount} purchases, {RefundCount} refunds, net {NetSpend}, first {FirstPurchaseAt}, last {LastPurchaseAt}, " +
        $"categories [{string.Join(", ", _categories.Select(c => $"{c.Category}={c.NetSpend}"))}], " +
        $"months [{string.Join(", ", Months.Select(m => $"{m.Month}:{m.PurchaseCount}/{m.NetSpend}"))}]";

    private static Instant Earliest(Instant? current, Instant candidate) => current is { } c && c <= candidate ? c : candidate;

    private static Instant Latest(Instant? current, Instant candidate) => current is { } c && c >= candidate ? c : candidate;

    private static int FindCategory(CategorySpend[] categories, string category)
    {
        int low = 0, high = categories.Length - 1;
        while (low <= high)
        {
            var mid = (low + high) >>> 1;
            var comparison = string.CompareOrdinal(categories[mid].Category, category);
            if (comparison == 0)
            {
                return mid;
            }

            if (comparison < 0)
            {
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }

        return ~low;
    }

    private static CategorySpend[] AddToCategories(CategorySpend[] categories, IReadOnlyList<ActivityLine> lines, bool isPurchase)
    {
        // One copy per entry: grow for the categories this customer never bought before, then add in place.
        var copy = categories;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var index = FindCategory(copy, line.Category);
            if (index < 0)
            {
                index = ~index;
                var grown = new CategorySpend[copy.Length + 1];
                Array.Copy(copy, grown, index);
                grown[index] = new CategorySpend(line.Category, Money.Zero(line.Amount.Currency));
                Array.Copy(copy, index, grown, index + 1, copy.Length - index);
                copy = grown;
            }
            else if (ReferenceEquals(copy, categories))
            {
                copy = (CategorySpend[])categories.Clone();
            }

            var current = copy[index];
            copy[index] = current with { NetSpend = current.NetSpend + (isPurchase ? line.Amount : -line.Amount) };
        }

        return copy;
    }

    private MonthlyActivity MonthAt(int index) => index < _closedCount ? _closed.Items[index] : _latest;

    private MonthlyActivity[] CopyMonths()
    {
        var months = new MonthlyActivity[_monthCount];
        for (var i = 0; i < months.Length; i++)
        {
            months[i] = MonthAt(i);
        }

        return months;
    }

    private (MonthBuffer Closed, int ClosedCount, int MonthCount) AddToClosedMonth(YearMonth month, int purchases, Money amount)
    {
        // A month before the latest (a refund of an older purchase, a history imported out of order): copy the closed months.
        var index = _closedCount - 1;
        while (index >= 0 && _closed.Items[index].Month.CompareTo(month) > 0)
        {
            index--;
        }

        if (index >= 0 && _closed.Items[index].Month == month)
        {
            var copy = _closed.Items.AsSpan(0, _closedCount).ToArray();
            var current = copy[index];
            copy[index] = new MonthlyActivity(month, current.PurchaseCount + purchases, current.NetSpend + amount);
            return (new MonthBuffer(copy, copy.Length), _closedCount, _monthCount);
        }

        var insertAt = index + 1;
        var grown = new MonthlyActivity[_closedCount + 1];
        Array.Copy(_closed.Items, grown, insertAt);
        grown[insertAt] = new MonthlyActivity(month, purchases, amount);
        Array.Copy(_closed.Items, insertAt, grown, insertAt + 1, _closedCount - insertAt);
        return (new MonthBuffer(grown, grown.Length), _closedCount + 1, _monthCount + 1);
    }

    /// <summary>An append-only array of closed months shared by successive snapshots; a slot is written once, by whichever snapshot claims it first.</summary>
    private sealed class MonthBuffer(MonthlyActivity[] items, int used)
    {
        public static readonly MonthBuffer Empty = new([], 0);

        private int _used = used;

        public MonthlyActivity[] Items { get; } = items;

        /// <summary>Returns a buffer whose first <paramref name="count"/> + 1 slots hold this buffer's first <paramref name="count"/> months and then <paramref name="month"/>.</summary>
        public MonthBuffer Append(int count, MonthlyActivity month)
        {
            // Slots below _used are never written again. The snapshot that owns the first count slots may take the next
            // one if nobody has; any other snapshot (an older one applied again) copies.
            if (count < Items.Length && Interlocked.CompareExchange(ref _used, count + 1, count) == count)
            {
                Items[count] = month;
                return this;
            }

            var grown = new MonthlyActivity[Math.Max(4, count * 2)];
            Array.Copy(Items, grown, count);
            grown[count] = month;
            return new MonthBuffer(grown, count + 1);
        }
    }
}
