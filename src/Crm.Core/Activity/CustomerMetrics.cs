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
/// fall on month boundaries (the last 30 days) are summed by the store with <see cref="IActivityStore.GetTotalsAsync"/>.</para>
/// </remarks>
/// <threadsafety>Immutable; safe to share between threads.</threadsafety>
public sealed class CustomerMetrics : IEquatable<CustomerMetrics>
{
    private readonly CategorySpend[] _categories;
    private readonly MonthlyActivity[] _months;

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
            [.. Guard.NotNull(months).OrderBy(m => m.Month)])
    {
    }

    private CustomerMetrics(CustomerId customerId, long version, Instant? firstPurchaseAt, Instant? lastPurchaseAt, int purchaseCount, int refundCount, Money netSpend, CategorySpend[] categories, MonthlyActivity[] months)
    {
        CustomerId = customerId;
        Version = version;
        FirstPurchaseAt = firstPurchaseAt;
        LastPurchaseAt = lastPurchaseAt;
        PurchaseCount = purchaseCount;
        RefundCount = refundCount;
        NetSpend = netSpend;
        _categories = categories;
        _months = months;
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
    public IReadOnlyList<MonthlyActivity> Months => _months;

    /// <summary>Creates the metrics of a customer with no activity.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="currency">The programme's currency.</param>
    /// <returns>Metrics at version 0 with zero counts and zero spend.</returns>
    public static CustomerMetrics Empty(CustomerId customerId, Currency currency) =>
        new(customerId, 0, null, null, 0, 0, Money.Zero(currency), Array.Empty<CategorySpend>(), Array.Empty<MonthlyActivity>());

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
    /// <exception cref="InvalidOperationException">The entry is in another currency.</exception>
    /// <exception cref="OverflowException">A sum would leave the range of <see cref="Money"/>.</exception>
    public CustomerMetrics Apply(ActivityEntry entry)
    {
        Guard.NotNull(entry);
        if (entry.CustomerId != CustomerId)
        {
            throw new ArgumentException($"The entry belongs to customer {entry.CustomerId}, not {CustomerId}.", nameof(entry));
        }

        var isPurchase = entry.Kind == ActivityKind.Purchase;
        var signed = isPurchase ? entry.Amount : -entry.Amount;
        var categories = new List<CategorySpend>(_categories);
        foreach (var line in entry.Lines)
        {
            var index = FindCategory(categories, line.Category);
            var amount = isPurchase ? line.Amount : -line.Amount;
            if (index >= 0)
            {
                categories[index] = categories[index] with { NetSpend = categories[index].NetSpend + amount };
            }
            else
            {
                categories.Insert(~index, new CategorySpend(line.Category, Money.Zero(NetSpend.Currency) + amount));
            }
        }

        var months = new List<MonthlyActivity>(_months);
        var monthIndex = months.FindIndex(m => m.Month == entry.PurchaseMonth);
        var purchases = isPurchase ? 1 : 0;
        if (monthIndex >= 0)
        {
            var month = months[monthIndex];
            months[monthIndex] = month with { PurchaseCount = month.PurchaseCount + purchases, NetSpend = month.NetSpend + signed };
        }
        else
        {
            var at = months.FindIndex(m => m.Month.CompareTo(entry.PurchaseMonth) > 0);
            months.Insert(at < 0 ? months.Count : at, new MonthlyActivity(entry.PurchaseMonth, purchases, Money.Zero(NetSpend.Currency) + signed));
        }

        return new CustomerMetrics(
            CustomerId,
            Version + 1,
            isPurchase && (FirstPurchaseAt is not { } first || entry.PurchasedAt < first) ? entry.PurchasedAt : FirstPurchaseAt,
            isPurchase && (LastPurchaseAt is not { } last || entry.PurchasedAt > last) ? entry.PurchasedAt : LastPurchaseAt,
            checked(PurchaseCount + purchases),
            checked(RefundCount + (isPurchase ? 0 : 1)),
            NetSpend + signed,
            [.. categories],
            [.. months]);
    }

    /// <summary>Gets the net spend of purchases made in the months from <paramref name="first"/> to <paramref name="last"/>, both inclusive.</summary>
    /// <param name="first">The first month of the window.</param>
    /// <param name="last">The last month of the window.</param>
    /// <returns>The net spend in the window; zero when nothing was bought in it.</returns>
    public Money SpendBetween(YearMonth first, YearMonth last)
    {
        var sum = Money.Zero(NetSpend.Currency);
        foreach (var month in _months)
        {
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
        foreach (var month in _months)
        {
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
        && _months.AsSpan().SequenceEqual(other._months);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as CustomerMetrics);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(CustomerId, Version, PurchaseCount, RefundCount, NetSpend);

    /// <summary>Summarises the metrics for logs and test failures.</summary>
    /// <returns>A one-line summary.</returns>
    public override string ToString() =>
        $"{CustomerId} v{Version}: {PurchaseCount} purchases, {RefundCount} refunds, net {NetSpend}, first {FirstPurchaseAt}, last {LastPurchaseAt}, " +
        $"categories [{string.Join(", ", _categories.Select(c => $"{c.Category}={c.NetSpend}"))}], " +
        $"months [{string.Join(", ", _months.Select(m => $"{m.Month}:{m.PurchaseCount}/{m.NetSpend}"))}]";

    /// <summary>Finds a category by binary search in an ordinally sorted list; the complement of the insertion point when absent.</summary>
    private static int FindCategory(IReadOnlyList<CategorySpend> categories, string category)
    {
        int low = 0, high = categories.Count - 1;
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
}
