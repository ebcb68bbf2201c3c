using Crm.Testing;
using Crm.Testing.Conformance;
using Crm.Testing.Fakes;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Npgsql;

namespace Crm.Storage.Postgres.Tests;

/// <summary>
/// A server that is not there: every store method, and a unit's commit, throws a transient
/// <see cref="CrmStorageException"/> (storage.unavailable) a host may retry, never a raw <see cref="NpgsqlException"/>.
/// Needs no server: the port is closed.
/// </summary>
public sealed class PostgresUnreachableTests
{
    // Port 1 on the loopback: nothing listens, the connection is refused at once.
    private const string ClosedPort = "Host=127.0.0.1;Port=1;Username=crm;Database=crm;Timeout=5";

    [Fact]
    public async Task ClosedPort_EveryStoreMethod_ThrowsTransientUnavailable()
    {
        await using var provider = PostgresFixture.Build(ClosedPort);

        await PostgresFailures.AssertEveryStoreMethodThrowsAsync(provider, CrmErrorCodes.StorageUnavailable, transient: true);
    }

    [Fact]
    public async Task ClosedPort_UnitCommit_ThrowsTransientUnavailable_WithTheDriversErrorInside()
    {
        await using var provider = PostgresFixture.Build(ClosedPort);
        await using var unit = await provider.GetRequiredService<IStoreUnitOfWorkFactory>().BeginAsync();
        await unit.GetStore<ICustomerStore>().CreateAsync(new CustomerProfile { Id = new CustomerId("c-1"), JoinedAt = Instant.FromUtc(2026, 1, 1, 0, 0) });

        var thrown = await Record.ExceptionAsync(() => unit.CommitAsync());

        var storage = Assert.IsType<CrmStorageException>(thrown);
        Assert.Equal(CrmErrorCodes.StorageUnavailable, storage.ErrorCode);
        Assert.True(storage.IsTransient);
        Assert.IsAssignableFrom<NpgsqlException>(storage.InnerException);
    }
}

/// <summary>Failures of a server that is there: the tables gone, values that cannot be read back.</summary>
[RequiresEnvironmentVariable(PostgresFixture.Variable, PostgresFixture.Reason)]
public sealed class PostgresFailureTests
{
    private static readonly Instant At = Instant.FromUtc(2026, 5, 1, 2, 0);

    /// <summary>
    /// The tables dropped under a running host: every method of every store, a unit's read-ahead and its commit throw
    /// storage.failed, not transient, with the server's error inside.
    /// </summary>
    [ConformanceFact]
    public async Task TablesDropped_EveryStoreMethod_ThrowsStorageFailed()
    {
        await using var database = await ScratchDatabase.CreateAsync();
        await using var provider = PostgresFixture.Build(database.ConnectionString);
        await provider.GetRequiredService<ICustomerStore>().FindAsync(new CustomerId("migrate"));
        var tables = await database.QueryAsync("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename LIKE 'crm_%' AND tablename <> 'crm_schema_history'", r => r.GetString(0));
        Assert.NotEmpty(tables);
        await database.QueryAsync("DROP TABLE " + string.Join(", ", tables), _ => 0);

        await PostgresFailures.AssertEveryStoreMethodThrowsAsync(provider, CrmErrorCodes.StorageFailed, transient: false);
        var units = provider.GetRequiredService<IStoreUnitOfWorkFactory>();
        await using (var unit = await units.BeginAsync())
        {
            AssertFailed(await Record.ExceptionAsync(async () => await unit.PrefetchAsync(new StorePrefetch { Customers = [new CustomerId("c-1")], PurchaseIds = ["p-1"] })));
        }

        await using (var unit = await units.BeginAsync())
        {
            await unit.GetStore<ICustomerStore>().CreateAsync(new CustomerProfile { Id = new CustomerId("c-1"), JoinedAt = At });
            AssertFailed(await Record.ExceptionAsync(() => unit.CommitAsync()));
        }
    }

    /// <summary>
    /// A stored value that cannot be read back (an instant out of range, a count past <see cref="int.MaxValue"/>, an unknown
    /// time zone), read directly or ahead in a unit: storage.failed, not an <see cref="ArgumentOutOfRangeException"/> or an
    /// <see cref="OverflowException"/>.
    /// </summary>
    [ConformanceFact]
    public async Task DamagedValues_ReadsAndReadAhead_ThrowStorageFailed()
    {
        await using var database = await ScratchDatabase.CreateAsync();
        await using var provider = PostgresFixture.Build(database.ConnectionString);
        var activity = provider.GetRequiredService<IActivityStore>();
        var customers = provider.GetRequiredService<ICustomerStore>();
        var customer = new CustomerId("damaged");
        await activity.AppendAsync(ActivityEntries.Purchase("p-damaged", customer, At, ("coffee", 30m)) with { Sequence = 1 }, 0);
        await customers.CreateAsync(new CustomerProfile { Id = customer, JoinedAt = At, TimeZone = DateTimeZoneProviders.Tzdb["Asia/Shanghai"] });
        await database.QueryAsync("UPDATE crm_activity_entries SET occurred_at = 9223372036854775807 WHERE entry_id = 'p-damaged'", _ => 0);
        await database.QueryAsync("UPDATE crm_customer_metrics SET purchase_count = 3000000000 WHERE customer_id = 'damaged'", _ => 0);
        await database.QueryAsync("UPDATE crm_customers SET time_zone = 'Nowhere/Nothing' WHERE customer_id = 'damaged'", _ => 0);

        AssertFailed(await Record.ExceptionAsync(() => activity.FindEntryAsync(ActivityKind.Purchase, "p-damaged")));
        AssertFailed(await Record.ExceptionAsync(() => activity.GetEntriesAsync(customer, 0, 10)));
        AssertFailed(await Record.ExceptionAsync(() => activity.GetMetricsAsync(customer)));
        AssertFailed(await Record.ExceptionAsync(() => customers.FindAsync(customer)));
        await using var unit = await provider.GetRequiredService<IStoreUnitOfWorkFactory>().BeginAsync();
        AssertFailed(await Record.ExceptionAsync(async () => await unit.PrefetchAsync(new StorePrefetch { Customers = [customer], PurchaseIds = ["p-damaged"] })));
    }

    private static void AssertFailed(Exception? thrown) =>
        Assert.True(thrown is CrmStorageException { ErrorCode: CrmErrorCodes.StorageFailed, IsTransient: false, InnerException: not null }, thrown?.ToString() ?? "nothing thrown");
}

internal static class PostgresFailures
{
    public static Task AssertEveryStoreMethodThrowsAsync(IServiceProvider provider, string code, bool transient) =>
        new StoreCalls().AssertEveryStoreAsync(
            provider,
            $"Every store method must throw CrmStorageException {code} (transient {transient})",
            thrown => thrown is CrmStorageException storage && storage.ErrorCode == code && storage.IsTransient == transient && storage.InnerException is not null,
            onlyCallsThatAskTheDatabase: true);
}
