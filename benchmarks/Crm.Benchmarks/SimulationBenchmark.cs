using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Crm.Churn;
using Crm.Coupons;
using Crm.Membership;
using Crm.Points;
using Crm.Simulation;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Crm.Benchmarks;

/// <summary>
/// <see cref="SimulationManager.RunAsync"/> replaying the whole CDNOW log (69,659 purchases of 23,570 customers) from an
/// in-memory host with points (member day, 6-month expiry), membership (levels by visits and spend), coupons and churn:
/// one scenario (the baseline), with and without the monthly jobs.
/// </summary>
/// <remarks>Target (issue 24): ≤ 2 s for the CDNOW replay with points, membership, coupons and churn. Each invocation builds
/// its worlds afresh; the host is loaded once in the global setup.</remarks>
[MemoryDiagnoser]
[Config(typeof(InProcessConfig))]
public class SimulationBenchmark
{
    private static readonly DateTimeZone Shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
    private ServiceProvider _host = null!;

    /// <summary>Gets or sets whether the monthly jobs (expiry, reviews, benefits) run.</summary>
    [Params(true, false)]
    public bool MonthlyJobs { get; set; }

    /// <summary>Loads CDNOW into the host.</summary>
    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    /// <summary>Replays the log with the baseline.</summary>
    /// <returns>The report.</returns>
    [Benchmark]
    public Task<SimulationReport> ReplayCdnow() =>
        new SimulationManager(_host, _host.GetRequiredService<IActivityStore>(), _host.GetRequiredService<ICustomerStore>(), Microsoft.Extensions.Options.Options.Create(new SimulationOptions { PageSize = 2000, RunMonthlyJobs = MonthlyJobs }))
            .RunAsync(new SimulationRequest { From = new LocalDate(1997, 1, 1), To = new LocalDate(1998, 6, 30) });

    /// <summary>Disposes the host.</summary>
    [GlobalCleanup]
    public void Cleanup() => _host.Dispose();

    private async Task SetupAsync()
    {
        var clock = new MutableClock { Now = Instant.FromUtc(1997, 1, 1, 0, 0) };
        var services = new ServiceCollection();
        services.AddSingleton<IClock>(clock);
        services.AddCrm(o =>
            {
                o.Currency = Currency.CNY;
                o.TimeZone = Shanghai;
                o.EarliestFactInstant = Instant.FromUtc(1990, 1, 1, 0, 0);
            })
            .AddPoints(o =>
            {
                o.Rules = EarnRules.FromJson("""{ "pointsPerUnit": 1, "multipliers": [ { "kind": "memberDay", "name": "Tuesday member day", "dayOfWeek": "tuesday", "factor": 2 } ] }""");
                o.Expiry = PointsExpiry.MonthsAfterEarning(6);
            })
            .AddMembership(o => o.Policy = TierPolicy.FromJson("""
                { "window": { "kind": "rollingMonths", "months": 24 },
                  "tiers": [ { "name": "member" }, { "name": "silver", "thresholds": [ { "metric": "purchaseCount", "minimum": 5 } ] },
                             { "name": "gold", "thresholds": [ { "metric": "netSpend", "minimum": 500 } ] } ] }
                """))
            .AddCoupons(o => o.Templates.Add(CouponTemplate.ListFromJson("""[ { "id": "winback", "name": "5 off", "benefit": { "kind": "amountOff", "amount": "5.00 CNY" }, "validity": { "days": 14 } } ]""")[0]))
            .AddChurn(o =>
            {
                o.RefitModelOnRun = false;
                o.Policy = ChurnPolicy.FromJson("""{ "cadence": { "multiplier": 3, "minPurchaseDays": 3, "defaultGapDays": 60, "weight": 1 }, "model": { "weight": 0 }, "levels": { "watch": 0.3, "warning": 0.5, "critical": 0.75 } }""");
            })
            .UseInMemoryStorage()
            .AddSimulation();
        _host = services.BuildServiceProvider();
        var crm = _host.GetRequiredService<CrmManager>();
        var rows = File.ReadLines(FindData("CDNOW_master.txt")).Skip(1)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Where(p => p.Length == 4)
            .Select((p, i) => (Id: $"cdnow-{i + 1}", Customer: p[0], Date: int.Parse(p[1], CultureInfo.InvariantCulture), Value: decimal.Parse(p[3], CultureInfo.InvariantCulture)))
            .Select(r => (r.Id, r.Customer, At: new LocalDate(r.Date / 10000, r.Date / 100 % 100, r.Date % 100).At(new LocalTime(12, 0)).InZoneLeniently(Shanghai).ToInstant(), r.Value))
            .OrderBy(r => r.At).ThenBy(r => r.Id, StringComparer.Ordinal).ToList();
        foreach (var row in rows)
        {
            clock.Now = row.At;
            await crm.RecordPurchaseAsync(new Purchase
            {
                Id = row.Id,
                CustomerId = new CustomerId(row.Customer),
                StoreId = "s1",
                OccurredAt = row.At,
                Lines = [new PurchaseLine { LineId = "1", Sku = "cd", Category = "cd", Quantity = 1, UnitPrice = new Money(row.Value, Currency.CNY) }],
                PaidTotal = new Money(row.Value, Currency.CNY),
            });
        }
    }

    private static string FindData(string file)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "tests", "data", "cdnow", file);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException(file);
    }

    /// <summary>In process, one warm-up and three iterations: an invocation takes seconds, and building a separate boilerplate project exceeds BenchmarkDotNet's build timeout on a busy 2-core machine.</summary>
    private sealed class InProcessConfig : ManualConfig
    {
        public InProcessConfig() => AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(3).WithInvocationCount(1).WithUnrollFactor(1));
    }

    private sealed class MutableClock : IClock
    {
        public Instant Now { get; set; }

        public Instant GetCurrentInstant() => Now;
    }
}
