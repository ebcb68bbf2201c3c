using Crm.Testing.Conformance;
using Crm.Testing.Fakes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Crm.Storage.Sqlite.Tests;

/// <summary>
/// What a host sees when the SQLite file fails under it: always a <see cref="CrmStorageException"/> with a stable code,
/// never a raw <see cref="SqliteException"/> or a conversion error, and nothing acknowledged that was not written.
/// </summary>
public sealed class SqliteFailureTests : IDisposable
{
    private static readonly Instant At = Instant.FromUtc(2026, 5, 1, 2, 0);

    private readonly string _path = Path.Combine(Path.GetTempPath(), $"crm-failure-{Guid.NewGuid():N}.db");
    private readonly List<ServiceProvider> _providers = [];

    /// <summary>
    /// The file deleted under a running host (by an operator, a clean-up job, a restore that deletes first): the next write
    /// is refused with storage.database_replaced instead of being acknowledged into the unlinked file, and a process that
    /// opens the path finds none of it. The call after that uses the file now at the path, as a new process would.
    /// </summary>
    [Fact]
    public async Task FileDeleted_NextWrite_ThrowsDatabaseReplaced_AndNothingIsAcknowledged()
    {
        // Windows refuses to delete a file SQLite holds open, so there the case cannot arise.
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var running = Provider();
        var customers = running.GetRequiredService<ICustomerStore>();
        await customers.CreateAsync(Profile("before"));

        DeleteFiles(_path);
        var write = await Record.ExceptionAsync(() => customers.CreateAsync(Profile("after")));

        AssertReplaced(write);
        var reopened = Provider().GetRequiredService<ICustomerStore>();
        Assert.Null(await reopened.FindAsync(new CustomerId("after")));
        await customers.CreateAsync(Profile("later"));
        Assert.NotNull(await reopened.FindAsync(new CustomerId("later")));
        Assert.Null(await reopened.FindAsync(new CustomerId("before")));
    }

    /// <summary>
    /// The file replaced under a running host by another database (a backup restored by renaming it over the path): a
    /// unit's commit is refused with storage.database_replaced, the new file holds what it held, untouched, and the call
    /// after that writes into it.
    /// </summary>
    [Fact]
    public async Task FileReplacedByAnother_UnitCommit_ThrowsDatabaseReplaced_AndTheNewFileIsUntouched()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var running = Provider();
        var units = running.GetRequiredService<IStoreUnitOfWorkFactory>();
        await running.GetRequiredService<ICustomerStore>().CreateAsync(Profile("before"));
        var backup = _path + ".backup";
        await using (var other = Provider(backup, register: false))
        {
            await other.GetRequiredService<ICustomerStore>().CreateAsync(Profile("restored"));
        }

        SqliteConnection.ClearAllPools();
        DeleteFiles(_path);
        File.Move(backup, _path);
        var commit = await Record.ExceptionAsync(async () =>
        {
            await using var unit = await units.BeginAsync();
            await unit.GetStore<ICustomerStore>().CreateAsync(Profile("after"));
            await unit.GetStore<IActivityStore>().AppendAsync(ActivityEntries.Purchase("p-after", new CustomerId("after"), At, ("coffee", 30m)) with { Sequence = 1 }, 0);
            await unit.CommitAsync();
        });

        AssertReplaced(commit);
        var reopened = Provider();
        var customers = reopened.GetRequiredService<ICustomerStore>();
        Assert.NotNull(await customers.FindAsync(new CustomerId("restored")));
        Assert.Null(await customers.FindAsync(new CustomerId("after")));
        Assert.Null(await reopened.GetRequiredService<IActivityStore>().FindEntryAsync(ActivityKind.Purchase, "p-after"));
        Assert.Null(await customers.FindAsync(new CustomerId("before")));
        await running.GetRequiredService<ICustomerStore>().CreateAsync(Profile("later"));
        Assert.NotNull(await customers.FindAsync(new CustomerId("later")));
    }

    /// <summary>The file left in place: every write still commits (the check costs one stat of the path per write transaction).</summary>
    [Fact]
    public async Task FileInPlace_WritesCommit()
    {
        var customers = Provider().GetRequiredService<ICustomerStore>();

        for (var i = 0; i < 20; i++)
        {
            await customers.CreateAsync(Profile("c" + i));
        }

        Assert.NotNull(await Provider().GetRequiredService<ICustomerStore>().FindAsync(new CustomerId("c19")));
    }

    /// <summary>A file that is not a SQLite database: every method of every store throws storage.failed, not transient.</summary>
    [Fact]
    public async Task FileNotADatabase_EveryStoreMethod_ThrowsStorageFailed()
    {
        await File.WriteAllBytesAsync(_path, [.. Enumerable.Repeat((byte)'x', 8192)]);

        await AssertEveryStoreMethodThrowsAsync(Provider(), CrmErrorCodes.StorageFailed, transient: false);
    }

    /// <summary>
    /// The tables gone from under a running host: every method of every store, and a unit's commit, throws storage.failed
    /// (each statement the stores run goes through the same boundary).
    /// </summary>
    [Fact]
    public async Task TablesDropped_EveryStoreMethod_ThrowsStorageFailed()
    {
        var running = Provider();
        await running.GetRequiredService<ICustomerStore>().FindAsync(new CustomerId("migrate"));
        await using (var connection = new SqliteConnection($"Data Source={_path};Pooling=False"))
        {
            await connection.OpenAsync();
            var tables = new List<string>();
            await using (var list = connection.CreateCommand())
            {
                list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'crm_%' AND name <> 'crm_schema_history'";
                await using var reader = await list.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    tables.Add(reader.GetString(0));
                }
            }

            Assert.NotEmpty(tables);
            foreach (var table in tables)
            {
                await using var drop = connection.CreateCommand();
                drop.CommandText = $"DROP TABLE {table}";
                await drop.ExecuteNonQueryAsync();
            }
        }

        await AssertEveryStoreMethodThrowsAsync(running, CrmErrorCodes.StorageFailed, transient: false);
        var commit = await Record.ExceptionAsync(async () =>
        {
            await using var unit = await running.GetRequiredService<IStoreUnitOfWorkFactory>().BeginAsync();
            await unit.GetStore<ICustomerStore>().CreateAsync(Profile("in-unit"));
            await unit.CommitAsync();
        });
        Assert.True(commit is CrmStorageException { ErrorCode: CrmErrorCodes.StorageFailed, IsTransient: false }, commit?.ToString());
    }

    /// <summary>A database opened read-only: reads work, a write throws storage.failed with the driver's error kept.</summary>
    [Fact]
    public async Task ReadOnlyDatabase_Write_ThrowsStorageFailed()
    {
        await using (var writer = Provider(register: false))
        {
            await writer.GetRequiredService<ICustomerStore>().CreateAsync(Profile("existing"));
        }

        SqliteConnection.ClearAllPools();
        var customers = Provider(_path, readOnly: true).GetRequiredService<ICustomerStore>();

        Assert.NotNull(await customers.FindAsync(new CustomerId("existing")));
        var thrown = await Record.ExceptionAsync(() => customers.CreateAsync(Profile("new")));

        var storage = Assert.IsType<CrmStorageException>(thrown);
        Assert.Equal(CrmErrorCodes.StorageFailed, storage.ErrorCode);
        Assert.False(storage.IsTransient);
        Assert.IsType<SqliteException>(storage.InnerException);
    }

    /// <summary>
    /// A stored value that cannot be read back (an instant out of range, a count past <see cref="int.MaxValue"/>, an unknown
    /// time zone): storage.failed, not an <see cref="ArgumentOutOfRangeException"/> or <see cref="OverflowException"/>.
    /// </summary>
    [Fact]
    public async Task DamagedValues_Reads_ThrowStorageFailed()
    {
        var provider = Provider();
        var activity = provider.GetRequiredService<IActivityStore>();
        var customers = provider.GetRequiredService<ICustomerStore>();
        var customer = new CustomerId("damaged");
        await activity.AppendAsync(ActivityEntries.Purchase("p-damaged", customer, At, ("coffee", 30m)) with { Sequence = 1 }, 0);
        await customers.CreateAsync(Profile("damaged") with { TimeZone = DateTimeZoneProviders.Tzdb["Asia/Shanghai"] });
        await ExecuteAsync(
            "UPDATE crm_activity_entries SET occurred_at = 9223372036854775807 WHERE entry_id = 'p-damaged';" +
            "UPDATE crm_customer_metrics SET purchase_count = 3000000000 WHERE customer_id = 'damaged';" +
            "UPDATE crm_customers SET time_zone = 'Nowhere/Nothing' WHERE customer_id = 'damaged';");

        AssertFailed(await Record.ExceptionAsync(() => activity.FindEntryAsync(ActivityKind.Purchase, "p-damaged")));
        AssertFailed(await Record.ExceptionAsync(() => activity.GetEntriesAsync(customer, 0, 10)));
        AssertFailed(await Record.ExceptionAsync(() => activity.GetMetricsAsync(customer)));
        AssertFailed(await Record.ExceptionAsync(() => customers.FindAsync(customer)));

        static void AssertFailed(Exception? thrown) =>
            Assert.True(thrown is CrmStorageException { ErrorCode: CrmErrorCodes.StorageFailed, IsTransient: false, InnerException: not null }, thrown?.ToString() ?? "nothing thrown");
    }

    public void Dispose()
    {
        foreach (var provider in _providers)
        {
            provider.Dispose();
        }

        SqliteConnection.ClearAllPools();
        DeleteFiles(_path);
        DeleteFiles(_path + ".backup");
    }

    private static Task AssertEveryStoreMethodThrowsAsync(IServiceProvider provider, string code, bool transient) =>
        new StoreCalls().AssertEveryStoreAsync(
            provider,
            $"Every store method must throw CrmStorageException {code} (transient {transient})",
            thrown => thrown is CrmStorageException storage && storage.ErrorCode == code && storage.IsTransient == transient,
            onlyCallsThatAskTheDatabase: true);

    private static void AssertReplaced(Exception? thrown)
    {
        var storage = Assert.IsType<CrmStorageException>(thrown);
        Assert.Equal(CrmErrorCodes.StorageDatabaseReplaced, storage.ErrorCode);
        Assert.False(storage.IsTransient);
    }

    private static CustomerProfile Profile(string id) => new() { Id = new CustomerId(id), JoinedAt = At, Name = "Li Lei" };

    private static void DeleteFiles(string path)
    {
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(path + suffix);
        }
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={_path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private ServiceProvider Provider(string? path = null, bool readOnly = false, bool register = true)
    {
        var services = new ServiceCollection();
        var connectionString = $"Data Source={path ?? _path}" + (readOnly ? ";Mode=ReadOnly" : string.Empty);
        services.AddCrm(o => { o.Currency = Currency.CNY; o.TimeZone = Crm.TestUtils.TestCrm.Shanghai; }).UseSqliteStorage(o => o.ConnectionString = connectionString);
        var provider = services.BuildServiceProvider();
        if (register)
        {
            _providers.Add(provider);
        }

        return provider;
    }
}
