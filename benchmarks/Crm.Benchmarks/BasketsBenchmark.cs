using BenchmarkDotNet.Attributes;
using Crm.Baskets;
using Crm.Storage.InMemory;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Crm.Benchmarks;

/// <summary>
/// Crm.Baskets through its public API: mining (Eclat) on the Groceries baskets (9,835 baskets, minimum support 0.001, rules
/// included; target ≤ 100 ms), on 1,000,000 synthetic baskets of 10 items over 1,000 items (minimum support 0.001; target
/// ≤ 5 s and ≤ 1 GB), and one recommendation for a three-item basket from a stored Groceries model (target ≤ 50 µs).
/// </summary>
/// <remarks>
/// The synthetic items are drawn with Zipf-like popularity (item k with weight 1 / (k + 10)), and one basket in five holds
/// one of 50 planted pairs of tail items, so the miner meets frequent pairs and triples as real tills give it, not only single items.
/// </remarks>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class BasketsBenchmark
{
    private static readonly MiningParameters Groceries = new() { MinSupport = 0.001, MinConfidence = 0.8, MinLift = 0, MaxItemsetSize = 10 };
    private static readonly MiningParameters Synthetic = new() { MinSupport = 0.001, MinConfidence = 0.5, MinLift = 1, MaxItemsetSize = 4 };
    private List<string[]> _groceries = null!;
    private List<string[]> _synthetic = null!;
    private BasketManager _manager = null!;
    private RecommendationRequest _request = null!;

    [GlobalSetup]
    public void Setup()
    {
        _groceries = [.. File.ReadLines(RepositoryFile("tests", "data", "groceries", "groceries.csv"))
            .Where(line => line.Length > 0)
            .Select(line => line.Split(',').Select(i => i.Trim()).Where(i => i.Length > 0).Distinct().ToArray())];
        _synthetic = SyntheticBaskets(1_000_000, 10, 1_000, seed: 7);

        // A sampled run of the large mining: process peak working set, for the memory target (BenchmarkDotNet reports allocations).
        GC.Collect();
        var wall = System.Diagnostics.Stopwatch.StartNew();
        var result = BasketMiner.Mine(_synthetic, Synthetic);
        wall.Stop();
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        Console.WriteLine($"// BasketsBenchmark: 1,000,000 baskets: {result}; sampled run {wall.Elapsed.TotalSeconds:F2} s, process peak working set {process.PeakWorkingSet64 / (1024.0 * 1024.0):F0} MB");

        var mined = BasketMiner.Mine(_groceries, new MiningParameters { MinSupport = 0.001, MinConfidence = 0.05, MinLift = 1, MaxItemsetSize = 3 });
        var database = new InMemoryDatabase(Currency.CNY);
        var store = new InMemoryBasketModelStore(database);
        var clock = new FixedClock(Instant.FromUtc(2026, 6, 1, 0, 0));
        store.SaveAsync(new BasketModel
        {
            Scope = "all",
            Version = 1,
            MinedAt = clock.GetCurrentInstant(),
            From = clock.GetCurrentInstant() - Duration.FromDays(30),
            To = clock.GetCurrentInstant(),
            Level = BasketItemLevel.Sku,
            Parameters = Synthetic,
            BasketCount = mined.BasketCount,
            Items = mined.Items,
            Rules = mined.Rules,
        }).GetAwaiter().GetResult();
        _manager = new BasketManager(
            store,
            new InMemoryActivityStore(database),
            new InMemoryCustomerStore(database),
            new InMemoryConsentStore(database),
            new NoSegments(),
            clock,
            Options.Create(new CrmOptions { Currency = Currency.CNY, TimeZone = DateTimeZoneProviders.Tzdb["Asia/Shanghai"] }),
            Options.Create(new BasketOptions { ModelRefreshInterval = Duration.FromDays(1) }));
        _request = new RecommendationRequest { Basket = ["citrus fruit", "root vegetables", "whole milk"] };
        Console.WriteLine($"// BasketsBenchmark: recommendation model {mined.Rules.Count} rules; {Recommend().GetAwaiter().GetResult()}");
    }

    [Benchmark]
    public MiningResult MineGroceries() => BasketMiner.Mine(_groceries, Groceries);

    [Benchmark]
    public MiningResult MineOneMillionBaskets() => BasketMiner.Mine(_synthetic, Synthetic);

    [Benchmark]
    public Task<RecommendationResult> Recommend() => _manager.RecommendAsync(_request);

    internal static List<string[]> SyntheticBaskets(int count, int size, int items, int seed)
    {
        var names = Enumerable.Range(0, items).Select(i => $"item-{i:0000}").ToArray();
        var cumulative = new double[items];
        var total = 0.0;
        for (var k = 0; k < items; k++)
        {
            total += 1.0 / (k + 10);
            cumulative[k] = total;
        }

        var random = new Random(seed);
        var baskets = new List<string[]>(count);
        var basket = new HashSet<string>();
        for (var b = 0; b < count; b++)
        {
            basket.Clear();
            if (b % 5 == 0)
            {
                var pair = random.Next(50);
                basket.Add(names[items - 100 + pair]);
                basket.Add(names[items - 50 + pair]);
            }

            while (basket.Count < size)
            {
                var index = Array.BinarySearch(cumulative, random.NextDouble() * total);
                basket.Add(names[Math.Min(index < 0 ? ~index : index, items - 1)]);
            }

            baskets.Add([.. basket]);
        }

        return baskets;
    }

    private static string RepositoryFile(params string[] parts)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Crm.Core.sln")))
            {
                return Path.Combine([directory.FullName, .. parts]);
            }
        }

        throw new FileNotFoundException("The repository root (Crm.Core.sln) was not found above " + AppContext.BaseDirectory);
    }

    private sealed class NoSegments : ICustomerSegmentProvider
    {
        public ValueTask<IReadOnlyCollection<string>> GetSegmentsAsync(CustomerId customerId, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult<IReadOnlyCollection<string>>([]);
    }
}
