using BenchmarkDotNet.Attributes;
using Crm.Membership;
using Crm.Membership.Internal;
using NodaTime;

namespace Crm.Benchmarks;

/// <summary>
/// The pure part of a tier decision on a purchase, given the customer's current metrics: the window as of the
/// purchase, the window totals from the monthly buckets (24 months of history, 5 categories), and the qualifying
/// tier on a 4-tier ladder with spend and visit thresholds. Target (issue 4): at most 1 µs.
/// </summary>
[MemoryDiagnoser]
public class TierEvaluationBenchmark
{
    private static readonly DateTimeZone Shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
    private TierEvaluator _evaluator = null!;
    private CustomerMetrics _metrics = null!;
    private Instant _purchaseAt;

    [GlobalSetup]
    public void Setup()
    {
        TierThreshold Spend(decimal min) => new() { Metric = TierMetric.NetSpend, Minimum = min };
        TierThreshold Visits(decimal min) => new() { Metric = TierMetric.PurchaseCount, Minimum = min };
        var policy = new TierPolicy
        {
            Window = new RollingMonthsWindow { Months = 12 },
            Tiers =
            [
                new TierDefinition { Name = "green" },
                new TierDefinition { Name = "silver", Thresholds = [Spend(500m), Visits(12)] },
                new TierDefinition { Name = "gold", Thresholds = [Spend(2000m), Visits(40)] },
                new TierDefinition { Name = "black", Thresholds = [Spend(6000m), Visits(120)], Match = ThresholdMatch.All },
            ],
        };
        policy.Validate();
        _evaluator = new TierEvaluator(policy, Shanghai, Currency.CNY);
        var cny = Currency.CNY;
        var months = Enumerable.Range(0, 24).Select(i => new MonthlyActivity(new YearMonth(2025, 1).OnDayOfMonth(1).PlusMonths(i).ToYearMonth(), 6, new Money(180m, cny)));
        var categories = new[] { "coffee", "tea", "bakery", "extras", "merch" }.Select(c => new CategorySpend(c, new Money(864m, cny)));
        _metrics = new CustomerMetrics(new CustomerId("c-1"), 144, Instant.FromUtc(2025, 1, 3, 1, 0), Instant.FromUtc(2026, 12, 20, 1, 0), 144, 0, new Money(4320m, cny), categories, months);
        _purchaseAt = Instant.FromUtc(2026, 12, 20, 1, 0);
    }

    [Benchmark]
    public int EvaluateTier()
    {
        var (from, to, _) = _evaluator.Window(_purchaseAt, null);
        var first = from.InZone(Shanghai).Date;
        var last = to.InZone(Shanghai).Date;
        var totals = TierEvaluator.FromMonths(_metrics, new YearMonth(first.Year, first.Month), new YearMonth(last.Year, last.Month));
        return _evaluator.QualifyingRank(totals);
    }
}
