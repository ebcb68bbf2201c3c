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
    // The values live in a State, which CustomerMetricsBuilder shares to keep metrics up to date in place.
    private readonly State _state;
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
    {
        CustomerId = customerId;
        MonthlyActivity[] sorted = [.. Guard.NotNull(months).OrderBy(m => m.Month)];
        _state = new State
        {
            Version = version,
            FirstPurchaseAt = firstPurchaseAt,
            LastPurchaseAt = lastPurchaseAt,
            PurchaseCount = purchaseCount,
            RefundCount = refundCount,
            NetSpend = netSpend,
            Categories = [.. Guard.NotNull(categories).OrderBy(c => c.Category, StringComparer.Ordinal)],
            Closed = sorted.Length > 0 ? new MonthBuffer(sorted, sorted.Length - 1) : MonthBuffer.Empty,
            ClosedCount = Math.Max(0, sorted.Length - 1),
            Latest = sorted.Length > 0 ? sorted[^1] : default,
            MonthCount = sorted.Length,
        };
    }

    private CustomerMetrics(CustomerId customerId, in State state)
    {
        CustomerId = customerId;
        _state = state;
    }

    /// <summary>Gets the customer.</summary>
    public CustomerId CustomerId { get; }

    /// <summary>Gets the version: the number of journal entries (purchases and refunds) these metrics include.</summary>
    public long Version => _state.Version;

    /// <summary>Gets the instant of the earliest purchase, or <see langword="null"/> before the first.</summary>
    public Instant? FirstPurchaseAt => _state.FirstPurchaseAt;

    /// <summary>Gets the instant of the latest purchase, or <see langword="null"/> before the first.</summary>
    public Instant? LastPurchaseAt => _state.LastPurchaseAt;

    /// <summary>Gets the number of purchases recorded.</summary>
    public int PurchaseCount => _state.PurchaseCount;

    /// <summary>Gets the number of refunds recorded.</summary>
    public int RefundCount => _state.RefundCount;

    /// <summary>Gets the total paid for all purchases less everything refunded.</summary>
    public Money NetSpend => _state.NetSpend;

    /// <summary>Gets the net spend per category, sorted ordinally by category.</summary>
    public IReadOnlyList<CategorySpend> Categories => _state.Categories;

    /// <summary>Gets the activity per local month, oldest first; months without purchases are absent.</summary>
    public IReadOnlyList<MonthlyActivity> Months => _months ??= CopyMonths();

    /// <summary>Creates the metrics of a customer with no activity.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="currency">The programme's currency.</param>
    /// <returns>Metrics at version 0 with zero counts and zero spend.</returns>
    public static CustomerMetrics Empty(CustomerId customerId, Currency currency) =>
        new(customerId, new State { NetSpend = Money.Zero(currency), Categories = [], Closed = MonthBuffer.Empty });

    /// <summary>Computes metrics from scratch from a customer's journal.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="currency">The programme's currency.</param>
    /// <param name="entries">The customer's journal entries, in journal order.</param>
    /// <returns>The metrics.</returns>
    public static CustomerMetrics Recompute(CustomerId customerId, Currency currency, IEnumerable<ActivityEntry> entries)
    {
        Guard.NotNull(entries);
        var builder = new CustomerMetricsBuilder(Empty(customerId, currency));
        foreach (var entry in entries)
        {
            builder.Apply(entry);
        }

        return builder.ToMetrics();
    }

    /// <summary>Returns the metrics after one more journal entry.</summary>
    /// <param name="entry">The entry, of this customer and this currency.</param>
    /// <returns>New metrics with <see cref="Version"/> one higher.</returns>
    /// <exception cref="ArgumentException">The entry belongs to another customer.</exception>
    /// <exception cref="InvalidOperationException">The entry is in another currency.</exception>
    public CustomerMetrics Apply(ActivityEntry entry)
    {
        var next = _state;
        next.Apply(CustomerId, entry, ownsCategories: false);
        return new CustomerMetrics(CustomerId, next);
    }

    /// <summary>Gets the net spend of purchases made in the months from <paramref name="first"/> to <paramref name="last"/>, both inclusive.</summary>
    /// <param name="first">The first month of the window.</param>
    /// <param name="last">The last month of the window.</param>
    /// <returns>The net spend in the window; zero when nothing was bought in it.</returns>
    public Money SpendBetween(YearMonth first, YearMonth last)
    {
        var sum = Money.Zero(NetSpend.Currency);
        for (var i = 0; i < _state.MonthCount; i++)
        {
            var month = _state.MonthAt(i);
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
        for (var i = 0; i < _state.MonthCount; i++)
        {
            var month = _state.MonthAt(i);
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
        var categories = _state.Categories;
        var index = FindCategory(categories, Guard.NotNull(category));
        return index >= 0 ? categories[index].NetSpend : Money.Zero(NetSpend.Currency);
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
        && _state.Categories.AsSpan().SequenceEqual(other._state.Categories)
        && _state.MonthCount == other._state.MonthCount
        && _state.Latest == other._state.Latest
        && _state.Closed.Items.AsSpan(0, _state.ClosedCount).SequenceEqual(other._state.Closed.Items.AsSpan(0, other._state.ClosedCount));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as CustomerMetrics);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(CustomerId, Version, PurchaseCount, RefundCount, NetSpend);

    /// <summary>Summarises the metrics for logs and test failures.</summary>
    /// <returns>A one-line summary.</returns>
    public override string ToString() =>
        $"{CustomerId} v{Version}: {PurchaseCount} purchases, {RefundCount} refunds, net {NetSpend}, first {FirstPurchaseAt}, last {LastPurchaseAt}, " +
        $"categories [{string.Join(", ", _state.Categories.Select(c => $"{c.Category}={c.NetSpend}"))}], " +
        $"months [{string.Join(", ", Months.Select(m => $"{m.Month}:{m.PurchaseCount}/{m.NetSpend}"))}]";

    /// <summary>Gets the values, for <see cref="CustomerMetricsBuilder"/>.</summary>
    internal ref readonly State Values => ref _state;

    /// <summary>Creates metrics from values, for <see cref="CustomerMetricsBuilder"/>; the caller no longer changes <paramref name="state"/>'s categories.</summary>
    internal static CustomerMetrics FromValues(CustomerId customerId, in State state) => new(customerId, state);

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

    private MonthlyActivity[] CopyMonths()
    {
        var months = new MonthlyActivity[_state.MonthCount];
        for (var i = 0; i < months.Length; i++)
        {
            months[i] = _state.MonthAt(i);
        }

        return months;
    }

    /// <summary>The values of a customer's metrics, and how one journal entry changes them.</summary>
    /// <remarks>
    /// The months are the closed ones (<c>Closed.Items[0..ClosedCount)</c>, shared with earlier snapshots) and the latest
    /// one (<c>Latest</c>, when <c>MonthCount</c> &gt; 0). A purchase in the latest month, the usual case, copies no
    /// array; a new month appends to the shared buffer when no other state has claimed that slot, so every snapshot
    /// stays immutable.
    /// </remarks>
    internal struct State
    {
        public long Version;
        public Instant? FirstPurchaseAt;
        public Instant? LastPurchaseAt;
        public int PurchaseCount;
        public int RefundCount;
        public Money NetSpend;
        public CategorySpend[] Categories;
        public MonthBuffer Closed;
        public int ClosedCount;
        public MonthlyActivity Latest;
        public int MonthCount;

        public readonly MonthlyActivity MonthAt(int index) => index < ClosedCount ? Closed.Items[index] : Latest;

        /// <summary>Applies one entry; checks it first, so an entry it refuses changes nothing.</summary>
        /// <param name="customerId">The customer these values belong to.</param>
        /// <param name="entry">The entry.</param>
        /// <param name="ownsCategories">Whether <see cref="Categories"/> may be changed in place (no snapshot shares it).</param>
        public void Apply(CustomerId customerId, ActivityEntry entry, bool ownsCategories)
        {
            Guard.NotNull(entry);
            if (entry.CustomerId != customerId)
            {
                throw new ArgumentException($"The entry belongs to customer {entry.CustomerId}, not {customerId}.", nameof(entry));
            }

            var isPurchase = entry.Kind == ActivityKind.Purchase;
            var signed = isPurchase ? entry.Amount : -entry.Amount;

            // Everything that can throw (another currency) runs before anything changes.
            var netSpend = NetSpend + signed;
            var lines = entry.Lines;
            for (var i = 0; i < lines.Count; i++)
            {
                _ = netSpend + lines[i].Amount;
            }

            Categories = AddToCategories(Categories, lines, isPurchase, ownsCategories);
            var purchases = isPurchase ? 1 : 0;
            var month = entry.PurchaseMonth;
            if (MonthCount == 0)
            {
                Latest = new MonthlyActivity(month, purchases, signed);
                MonthCount = 1;
            }
            else
            {
                var order = month.CompareTo(Latest.Month);
                if (order == 0)
                {
                    Latest = new MonthlyActivity(month, Latest.PurchaseCount + purchases, Latest.NetSpend + signed);
                }
                else if (order > 0)
                {
                    Closed = Closed.Append(ClosedCount, Latest);
                    ClosedCount++;
                    MonthCount++;
                    Latest = new MonthlyActivity(month, purchases, signed);
                }
                else
                {
                    AddToClosedMonth(month, purchases, signed);
                }
            }

            Version++;
            if (isPurchase)
            {
                FirstPurchaseAt = FirstPurchaseAt is { } first && first <= entry.PurchasedAt ? first : entry.PurchasedAt;
                LastPurchaseAt = LastPurchaseAt is { } last && last >= entry.PurchasedAt ? last : entry.PurchasedAt;
                PurchaseCount++;
            }
            else
            {
                RefundCount++;
            }

            NetSpend = netSpend;
        }

        private static CategorySpend[] AddToCategories(CategorySpend[] categories, IReadOnlyList<ActivityLine> lines, bool isPurchase, bool inPlace)
        {
            // At most one copy per entry: grow for the categories this customer never bought before, then add in place.
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
                else if (!inPlace && ReferenceEquals(copy, categories))
                {
                    copy = (CategorySpend[])categories.Clone();
                }

                var current = copy[index];
                copy[index] = current with { NetSpend = current.NetSpend + (isPurchase ? line.Amount : -line.Amount) };
            }

            return copy;
        }

        private void AddToClosedMonth(YearMonth month, int purchases, Money amount)
        {
            // A month before the latest (a refund of an older purchase, a history imported out of order): copy the closed months.
            var index = ClosedCount - 1;
            while (index >= 0 && Closed.Items[index].Month.CompareTo(month) > 0)
            {
                index--;
            }

            if (index >= 0 && Closed.Items[index].Month == month)
            {
                var copy = Closed.Items.AsSpan(0, ClosedCount).ToArray();
                var current = copy[index];
                copy[index] = new MonthlyActivity(month, current.PurchaseCount + purchases, current.NetSpend + amount);
                Closed = new MonthBuffer(copy, copy.Length);
                return;
            }

            var insertAt = index + 1;
            var grown = new MonthlyActivity[ClosedCount + 1];
            Array.Copy(Closed.Items, grown, insertAt);
            grown[insertAt] = new MonthlyActivity(month, purchases, amount);
            Array.Copy(Closed.Items, insertAt, grown, insertAt + 1, ClosedCount - insertAt);
            Closed = new MonthBuffer(grown, grown.Length);
            ClosedCount++;
            MonthCount++;
        }
    }

    /// <summary>An append-only array of closed months shared by successive snapshots; a slot is written once, by whichever snapshot claims it first.</summary>
    internal sealed class MonthBuffer(MonthlyActivity[] items, int used)
    {
        public static readonly MonthBuffer Empty = new([], 0);

        private int _used = used;

        public MonthlyActivity[] Items { get; } = items;

        /// <summary>Returns a buffer whose first <paramref name="count"/> + 1 slots hold this buffer's first <paramref name="count"/> months and then <paramref name="month"/>.</summary>
        public MonthBuffer Append(int count, MonthlyActivity month)
        {
            // Slots below _used are never written again. The state that owns the first count slots may take the next
            // one if nobody has; any other state (an older snapshot applied again) copies.
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
