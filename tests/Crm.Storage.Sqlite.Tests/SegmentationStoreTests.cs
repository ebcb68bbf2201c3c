using Crm.Segmentation;
using Crm.Storage.InMemory;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Crm.Testing.Conformance;
using Xunit.Abstractions;

namespace Crm.Storage.Sqlite.Tests;

public sealed class SqliteSegmentationRunTests : IDisposable
{
    private static readonly NodaTime.Instant AsOf = NodaTime.Instant.FromUtc(2026, 6, 1, 4, 0);
    private readonly string _path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"crm-seg-{Guid.NewGuid():N}.db");

    [Fact]
    public async Task Run_WithPushDown_EqualsInMemoryPath()
    {
        await using var provider = Provider($"Data Source={_path}");
        var sql = provider.GetRequiredService<ISegmentStore>();
        var sqlInputs = provider.GetRequiredService<ISegmentInputStore>();
        var sqlActivity = provider.GetRequiredService<IActivityStore>();
        var memoryDatabase = new InMemoryDatabase(Currency.CNY);
        var memory = new InMemorySegmentStore(memoryDatabase);
        var memoryActivity = new InMemoryActivityStore(memoryDatabase);
        var random = new Random(6);
        for (var c = 0; c < 60; c++)
        {
            var id = new CustomerId($"k{c:D3}");
            var version = 0L;
            for (var p = random.Next(1, 6); p > 0; p--)
            {
                var at = AsOf - NodaTime.Duration.FromHours(random.Next(1, 24 * 500));
                var entry = Testing.Fakes.ActivityEntries.Purchase($"p-{c}-{p}", id, at, (random.Next(3) == 0 ? "tea" : "coffee", random.Next(5, 60)), ("cake", random.Next(0, 3) * 7.5m)) with { Sequence = version + 1 };
                await sqlActivity.AppendAsync(entry, version);
                await memoryActivity.AppendAsync(entry, version++);
                if (random.Next(5) == 0)
                {
                    var refund = Testing.Fakes.ActivityEntries.Refund($"r-{c}-{p}", entry, at + NodaTime.Duration.FromHours(1), ("L1", 1m, entry.Lines[0].Amount.Amount)) with { Sequence = version + 1 };
                    await sqlActivity.AppendAsync(refund, version);
                    await memoryActivity.AppendAsync(refund, version++);
                }
            }
        }

        var pushed = Manager(sql, [sqlInputs], sqlActivity);
        var computed = Manager(memory, [], memoryActivity);
        pushed.SupportsRfmPushDown.Should().BeTrue();
        computed.SupportsRfmPushDown.Should().BeFalse();

        await pushed.RunAsync(AsOf);
        await computed.RunAsync(AsOf);

        for (var c = 0; c < 60; c++)
        {
            var id = new CustomerId($"k{c:D3}");
            (await pushed.GetSegmentsAsync(id)).Should().Be(await computed.GetSegmentsAsync(id), id.Value);
        }

        (await pushed.GetCountsAsync()).Should().Equal(await computed.GetCountsAsync());
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_path + suffix);
        }
    }

    internal static SegmentationManager Manager(ISegmentStore store, ISegmentInputStore[] inputs, IActivityStore activity, int pageSize = 7) => new(
        store,
        inputs,
        activity,
        new Testing.Fakes.NullCustomerStore(),
        new NoTiers(),
        new NullSink(),
        new NodaTime.Testing.FakeClock(AsOf + NodaTime.Duration.FromHours(1)),
        Microsoft.Extensions.Options.Options.Create(new CrmOptions { Currency = Currency.CNY, TimeZone = NodaTime.DateTimeZoneProviders.Tzdb["Asia/Shanghai"] }),
        Microsoft.Extensions.Options.Options.Create(new SegmentationOptions { PageSize = pageSize }));

    internal static ServiceProvider Provider(string connectionString)
    {
        var services = new ServiceCollection();
        services.AddCrm(o => { o.Currency = Currency.CNY; o.TimeZone = NodaTime.DateTimeZoneProviders.Tzdb["Asia/Shanghai"]; }).UseSqliteStorage(o => o.ConnectionString = connectionString);
        return services.BuildServiceProvider();
    }

    private sealed class NoTiers : ICustomerTierProvider
    {
        public ValueTask<CustomerTier?> GetTierAsync(CustomerId customerId, NodaTime.Instant asOf, IStoreUnitOfWork? unitOfWork = null, CancellationToken cancellationToken = default) => ValueTask.FromResult<CustomerTier?>(null);
    }

    private sealed class NullSink : ICrmEventSink
    {
        public ValueTask PublishAsync(CrmEvent crmEvent, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
    }
}

/// <summary>
/// The 100,000-customer run through SQLite reported in docs/performance.md. Opt-in (set CRM_SEGMENTATION_SQLITE_BENCH=1): the
/// population is written straight into the metrics tables in one transaction, then one timed run reads it (push-down first
/// pass, metrics second pass) and saves every customer's memberships.
/// </summary>
[Testing.RequiresEnvironmentVariable("CRM_SEGMENTATION_SQLITE_BENCH", "the 100,000-customer SQLite run is a measurement, not a check; set CRM_SEGMENTATION_SQLITE_BENCH=1 to run it.")]
public sealed class SqliteSegmentationScaleTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"crm-seg-scale-{Guid.NewGuid():N}.db");

    [Testing.ConformanceFact]
    public async Task Run_100000Customers_Reported()
    {
        const int Customers = 100_000;
        await using var provider = SqliteSegmentationRunTests.Provider($"Data Source={_path}");
        await provider.GetRequiredService<IActivityStore>().GetMetricsAsync(new CustomerId("migrate"));
        await using (var connection = new SqliteConnection($"Data Source={_path};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var transaction = connection.BeginTransaction();
            var asOfTicks = NodaTime.Instant.FromUtc(2026, 6, 1, 4, 0).ToUnixTimeTicks();
            for (var i = 0; i < Customers; i++)
            {
                var id = $"c{i:D7}";
                var last = asOfTicks - (((i * 7919L) % 720) * NodaTime.NodaConstants.TicksPerDay);
                var purchases = 1 + ((i * 31L) % 20);
                var spendMinor = (1500L * purchases) + ((i % 97) * 100L);
                var date = NodaTime.Instant.FromUnixTimeTicks(last).InUtc().Date;
                await Execute(connection, transaction,
                    "INSERT INTO crm_customer_metrics (customer_id, version, first_purchase_at, last_purchase_at, purchase_count, refund_count, net_spend_minor) VALUES (@id, @n, @first, @last, @n, 0, @spend)",
                    ("@id", id), ("@n", purchases), ("@first", last - (120 * NodaTime.NodaConstants.TicksPerDay)), ("@last", last), ("@spend", spendMinor));
                await Execute(connection, transaction,
                    "INSERT INTO crm_customer_months (customer_id, month, purchase_count, net_spend_minor) VALUES (@id, @month, @n, @spend)",
                    ("@id", id), ("@month", (date.Year * 100L) + date.Month), ("@n", purchases), ("@spend", spendMinor));
                await Execute(connection, transaction,
                    "INSERT INTO crm_customer_categories (customer_id, category, net_spend_minor) VALUES (@id, 'coffee', @spend)",
                    ("@id", id), ("@spend", spendMinor));
            }

            await transaction.CommitAsync();
        }

        var store = provider.GetRequiredService<ISegmentStore>();
        var manager = SqliteSegmentationRunTests.Manager(store, [provider.GetRequiredService<ISegmentInputStore>()], provider.GetRequiredService<IActivityStore>(), pageSize: 1000);
        var allocated = GC.GetTotalAllocatedBytes(true);
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var result = await manager.RunAsync(NodaTime.Instant.FromUtc(2026, 6, 1, 4, 0));

        watch.Stop();
        output.WriteLine($"SQLite run: {result.Customers} customers in {watch.Elapsed.TotalSeconds:F2} s, {(GC.GetTotalAllocatedBytes(true) - allocated) / (1024.0 * 1024.0):F0} MB allocated, {result.Entered} enter events");
        result.Customers.Should().Be(Customers);
    }

    private static async Task Execute(SqliteConnection connection, SqliteTransaction transaction, string sql, params (string Name, object Value)[] values)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in values)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync();
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_path + suffix);
        }
    }
}
