using NodaTime;

namespace Crm.Benchmarks;

/// <summary>
/// An <see cref="IActivityStore"/> whose population exists only as a formula: customer i (id <c>c0000000</c> upwards) has
/// 1 to 20 purchases over up to 3 months in the last 2 years, coffee and tea spend, and a last purchase 0 to 719 days before the as-of.
/// Every customer's metrics are built once, in the constructor (as an in-memory store holds them), so a run measures the engine,
/// not the generator; pages are slices of that array. Only <see cref="ListMetricsAsync"/> works.
/// </summary>
internal sealed class SyntheticActivityStore : IActivityStore
{
    private readonly CustomerMetrics[] _metrics;

    public SyntheticActivityStore(int customers, Instant asOf, DateTimeZone zone)
    {
        _metrics = new CustomerMetrics[customers];
        for (var i = 0; i < customers; i++)
        {
            _metrics[i] = Metrics(i, asOf, zone);
        }
    }

    public Task<IReadOnlyList<CustomerMetrics>> ListMetricsAsync(CustomerId? after, int limit, CancellationToken cancellationToken = default)
    {
        var start = after is { } a ? int.Parse(a.Value.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture) + 1 : 0;
        var end = Math.Min(_metrics.Length, start + limit);
        return Task.FromResult<IReadOnlyList<CustomerMetrics>>(new ArraySegment<CustomerMetrics>(_metrics, start, Math.Max(0, end - start)));
    }

    private static CustomerMetrics Metrics(int i, Instant asOf, DateTimeZone zone)
    {
        var cny = Currency.CNY;
        var last = asOf - Duration.FromDays((int)((i * 7919L) % 720));
        var purchases = 1 + (int)((i * 31L) % 20);
        var spend = 15m * purchases + (i % 97);
        var coffee = decimal.Round(spend * (i % 10) / 10m, 2);
        var lastMonth = last.InZone(zone).Date.ToYearMonth();
        var months = Math.Min(3, purchases);
        var monthly = new MonthlyActivity[months];
        for (var m = 0; m < months; m++)
        {
            var count = m == 0 ? purchases - (months - 1) : 1;
            var amount = m == 0 ? spend - 15m * (months - 1) : 15m;
            monthly[m] = new MonthlyActivity(lastMonth.PlusMonths(-m * 2), count, new Money(amount, cny));
        }

        return new CustomerMetrics(
            new CustomerId("c" + i.ToString("D7", System.Globalization.CultureInfo.InvariantCulture)),
            purchases,
            last - Duration.FromDays(120),
            last,
            purchases,
            0,
            new Money(spend, cny),
            [new CategorySpend("coffee", new Money(coffee, cny)), new CategorySpend("tea", new Money(spend - coffee, cny))],
            monthly);
    }

    public Task AppendAsync(ActivityEntry entry, long expectedVersion, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<CustomerMetrics?> GetMetricsAsync(CustomerId customerId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<ActivityEntry?> FindEntryAsync(ActivityKind kind, string id, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<IReadOnlyList<ActivityEntry>> GetRefundsOfPurchaseAsync(string purchaseId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<IReadOnlyList<ActivityEntry>> GetEntriesAsync(CustomerId customerId, long afterSequence, int limit, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<ActivityTotals> GetTotalsAsync(CustomerId customerId, Instant from, Instant to, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<IReadOnlyList<Instant>> GetPurchaseInstantsAsync(CustomerId customerId, Instant from, Instant to, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<IReadOnlyList<ActivityEntry>> ListEntriesAsync(Instant from, Instant to, JournalPosition? after, int limit, string? storeId = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();
}
