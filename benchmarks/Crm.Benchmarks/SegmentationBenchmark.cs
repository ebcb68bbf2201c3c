using BenchmarkDotNet.Attributes;
using Crm.Segmentation;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Crm.Benchmarks;

/// <summary>
/// A full segmentation run over 1,000,000 customers through the public API (<see cref="SegmentationManager.RunAsync"/>):
/// both passes (quantile statistics, then assignment), RFM in 5 quantile bins, the 10-segment R×F map, value tiers and
/// 5 rule segments, with explanations and enter events for every assignment (first run: everything is new).
/// The population is streamed in pages from a synthetic <see cref="IActivityStore"/> whose 1,000,000 metrics are built once
/// in setup, outside the measured region; saved records and events are counted and dropped, so what is measured is
/// scoring and the run's own memory, not an adapter's or the generator's. Target (issue 6): at most 2 s, peak managed memory at most 300 MB.
/// </summary>
[MemoryDiagnoser]
public class SegmentationBenchmark
{
    private static readonly DateTimeZone Shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
    private static readonly Instant AsOf = Instant.FromUtc(2026, 6, 1, 4, 0);
    private SegmentationManager _manager = null!;
    private DiscardingSegmentStore _store = null!;

    [Params(1_000_000)]
    public int Customers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _store = new DiscardingSegmentStore();
        _manager = CreateManager(new SyntheticActivityStore(Customers, AsOf, Shanghai), _store);

        // Sampled runs: the managed heap after every page, for the peak (BenchmarkDotNet reports allocations, not peaks),
        // with the data source's own heap reported apart; the first run warms up the JIT.
        for (var sample = 0; sample < 3; sample++)
        {
            GC.Collect();
            var baseline = GC.GetTotalMemory(true);
            long peak = 0;
            var progress = new SamplingProgress(() => peak = Math.Max(peak, GC.GetTotalMemory(false)));
            var process = System.Diagnostics.Process.GetCurrentProcess();
            var cpu = process.TotalProcessorTime;
            var allocated = GC.GetTotalAllocatedBytes(true);
            var wall = System.Diagnostics.Stopwatch.StartNew();
            _manager.RunAsync(AsOf, progress).GetAwaiter().GetResult();
            wall.Stop();
            allocated = GC.GetTotalAllocatedBytes(true) - allocated;
            process.Refresh();

            // On a shared machine wall time is inflated by other processes; CPU time of this process is the fairer figure.
            Console.WriteLine($"// SegmentationBenchmark: data source heap {baseline / (1024.0 * 1024.0):F1} MB; peak managed heap sampled per page {peak / (1024.0 * 1024.0):F1} MB " +
                $"({(peak - baseline) / (1024.0 * 1024.0):F1} MB above the data); records saved = {_store.Saved}; " +
                $"sampled run wall {wall.Elapsed.TotalSeconds:F2} s, process CPU {(process.TotalProcessorTime - cpu).TotalSeconds:F2} s, allocated {allocated / (1024.0 * 1024.0):F1} MB");
        }
    }

    [Benchmark]
    public Task<SegmentationRunResult> Run() => _manager.RunAsync(AsOf);

    internal static SegmentationManager CreateManager(IActivityStore activity, ISegmentStore store)
    {
        var policy = SegmentationPolicy.FromJson("""
            {
              "rfm": { "windowMonths": 12, "bins": 5 },
              "valueTiers": { "bands": [ { "name": "value-high", "topShare": 0.2 }, { "name": "value-mid", "topShare": 0.5 } ], "otherwise": "value-low" },
              "rules": [
                { "name": "coffee-vips", "when": { "kind": "and", "rules": [ { "kind": "categoryShare", "category": "coffee", "atLeast": 0.6 }, { "kind": "segment", "segment": "value-high" } ] } },
                { "name": "lapsing-big-spenders", "when": { "kind": "and", "rules": [ { "kind": "metric", "metric": "recencyDays", "atLeast": 60 }, { "kind": "metric", "metric": "monetaryScore", "atLeast": 4 } ] } },
                { "name": "frequent", "when": { "kind": "metric", "metric": "frequency", "atLeast": 10 } },
                { "name": "rich-not-champions", "when": { "kind": "and", "rules": [ { "kind": "not", "rule": { "kind": "segment", "segment": "champions" } }, { "kind": "metric", "metric": "netSpend", "atLeast": 500 } ] } },
                { "name": "tea-or-recent", "when": { "kind": "or", "rules": [ { "kind": "categoryShare", "category": "tea", "atLeast": 0.5 }, { "kind": "metric", "metric": "recencyDays", "atMost": 7 } ] } }
              ]
            }
            """);
        return new SegmentationManager(
            store,
            [],
            activity,
            new NoCustomers(),
            new NoTiers(),
            new DiscardingSink(),
            new FixedClock(AsOf + Duration.FromHours(1)),
            Options.Create(new CrmOptions { Currency = Currency.CNY, TimeZone = Shanghai }),
            Options.Create(new SegmentationOptions { Policy = policy, PageSize = 1000 }));
    }

    private sealed class SamplingProgress(Action sample) : IProgress<SegmentationProgress>
    {
        public void Report(SegmentationProgress value) => sample();
    }

    private sealed class DiscardingSink : ICrmEventSink
    {
        public ValueTask PublishAsync(CrmEvent crmEvent, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
    }

    private sealed class NoTiers : ICustomerTierProvider
    {
        public ValueTask<CustomerTier?> GetTierAsync(CustomerId customerId, Instant asOf, IStoreUnitOfWork? unitOfWork = null, CancellationToken cancellationToken = default) => ValueTask.FromResult<CustomerTier?>(null);
    }

    private sealed class NoCustomers : ICustomerStore
    {
        public Task<CustomerProfile?> FindAsync(CustomerId customerId, CancellationToken cancellationToken = default) => Task.FromResult<CustomerProfile?>(null);

        public Task<(CustomerProfile Profile, bool Created)> CreateAsync(CustomerProfile profile, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<CustomerProfile> UpdateAsync(CustomerProfile profile, long expectedVersion, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }

    /// <summary>Counts saved records and drops them; no record or run is ever found, so every run is a first run.</summary>
    private sealed class DiscardingSegmentStore : ISegmentStore
    {
        public long Saved { get; private set; }

        public Task<CustomerSegments?> FindAsync(CustomerId customerId, CancellationToken cancellationToken = default) => Task.FromResult<CustomerSegments?>(null);

        public Task<IReadOnlyList<CustomerSegments>> FindManyAsync(IReadOnlyCollection<CustomerId> customerIds, CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<CustomerSegments>>([]);

        public Task SaveAsync(IReadOnlyList<CustomerSegments> records, CancellationToken cancellationToken = default)
        {
            Saved += records.Count;
            return Task.CompletedTask;
        }

        public Task<IReadOnlyList<CustomerId>> ListMembersAsync(string segment, CustomerId? after, int limit, CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<CustomerId>>([]);

        public Task<IReadOnlyList<SegmentCount>> CountAsync(CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<SegmentCount>>([]);

        public Task<SegmentationRun?> FindRunAsync(string runId, CancellationToken cancellationToken = default) => Task.FromResult<SegmentationRun?>(null);

        public Task SaveRunAsync(SegmentationRun run, CancellationToken cancellationToken = default) => Task.CompletedTask;
    }
}
