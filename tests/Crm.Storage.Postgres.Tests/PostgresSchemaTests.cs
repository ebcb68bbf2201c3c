using Crm.Churn;
using Crm.Coupons;
using Crm.Membership;
using Crm.Points;
using Crm.Testing;
using Crm.TestUtils;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Npgsql;

namespace Crm.Storage.Postgres.Tests;

[RequiresEnvironmentVariable(PostgresFixture.Variable, PostgresFixture.Reason)]
public sealed class PostgresSchemaTests
{
    [ConformanceFact]
    public async Task Migrate_FromManyProcessesAtOnce_IsIdempotent()
    {
        await using var database = await ScratchDatabase.CreateAsync();
        var providers = Enumerable.Range(0, 4).Select(_ => PostgresFixture.Build(database.ConnectionString)).ToList();

        await Task.WhenAll(providers.Select(p => Task.Run(() => p.GetRequiredService<IActivityStore>().GetMetricsAsync(new CustomerId("m-1")))));

        var versions = await database.QueryAsync("SELECT version FROM crm_schema_history ORDER BY version", r => r.GetInt64(0));
        versions.Should().Equal(Crm.Storage.Relational.Schema.RelationalSchema.Migrations.Select(m => (long)m.Version));
        foreach (var provider in providers)
        {
            await provider.DisposeAsync();
        }
    }

    [ConformanceFact]
    public async Task DatabaseOfThePreRelease_IsRefusedWithWhatToDo()
    {
        await using var database = await ScratchDatabase.CreateAsync();
        await database.QueryAsync("CREATE TABLE crm_schema_migrations (version bigint NOT NULL PRIMARY KEY)", _ => 0);
        await using var provider = PostgresFixture.Build(database.ConnectionString);

        var act = () => provider.GetRequiredService<IActivityStore>().GetMetricsAsync(new CustomerId("old-1"));

        await act.Should().ThrowAsync<InvalidOperationException>().WithMessage("*pre-release*ImportAsync*");
    }
}

/// <summary>What a purchase costs on the wire, counted by a proxy between the adapter and the server.</summary>
[RequiresEnvironmentVariable(PostgresFixture.Variable, PostgresFixture.Reason)]
public sealed class PostgresRoundTripTests
{
    /// <summary>
    /// With points, membership (a month window), coupons and churn installed, a purchase reads every package's records in one
    /// round trip and writes them in one more, which is also its commit: at most 3 round trips on the normal path (2 today),
    /// for a returning customer and for a new one.
    /// </summary>
    [ConformanceFact]
    public async Task Purchase_WithEveryPackage_TakesAtMostThreeRoundTrips()
    {
        var server = new NpgsqlConnectionStringBuilder(PostgresFixture.ConnectionString);
        await using var proxy = new RoundTripProxy(server.Host!, server.Port);
        var proxied = new NpgsqlConnectionStringBuilder(PostgresFixture.ConnectionString) { Host = "127.0.0.1", Port = proxy.Port }.ConnectionString;
        var at = Instant.FromUtc(2026, 5, 4, 2, 0);
        using var crm = TestCrm.Create(at + Duration.FromDays(1), b => b
            .AddPoints(o => o.Rules = new EarnRules())
            .AddMembership(o => o.Policy = new TierPolicy { Window = new RollingMonthsWindow { Months = 12 }, Tiers = MembershipScenarios.GoldAt100().Tiers })
            .AddCoupons(o => o.Templates.Add(new CouponTemplate { Id = "gold-welcome", Benefit = new AmountOffBenefit { Amount = Facts.Cny(5m) }, Validity = new CouponValidity { Days = 30 } }))
            .AddChurn(o => o.Policy = new ChurnPolicy())
            .UsePostgresStorage(o => o.ConnectionString = proxied));
        var run = Guid.NewGuid().ToString("N")[..8];
        for (var i = 0; i < 5; i++)
        {
            await crm.Manager.RecordPurchaseAsync(Facts.Purchase($"{run}-warm-{i}", $"{run}-c{i}", at, Facts.Line("1", 9m), Facts.Line("2", 6m, category: "bakery")));
        }

        proxy.Reset();
        for (var i = 0; i < 5; i++)
        {
            await crm.Manager.RecordPurchaseAsync(Facts.Purchase($"{run}-returning-{i}", $"{run}-c{i}", at + Duration.FromHours(1), Facts.Line("1", 9m), Facts.Line("2", 6m, category: "bakery"), Facts.Line("3", 12m, category: "tea")));
        }

        var returning = proxy.RoundTrips;
        proxy.Reset();
        for (var i = 0; i < 5; i++)
        {
            await crm.Manager.RecordPurchaseAsync(Facts.Purchase($"{run}-new-{i}", $"{run}-n{i}", at + Duration.FromHours(2), Facts.Line("1", 9m)));
        }

        var first = proxy.RoundTrips;

        (returning / 5.0).Should().BeLessThanOrEqualTo(3, "a returning customer's purchase reads once and writes once");
        (first / 5.0).Should().BeLessThanOrEqualTo(3, "a new customer's purchase reads once and writes once");
        (await crm.Get<PointsManager>().GetBalanceAsync(new CustomerId($"{run}-c0"))).Total.Should().Be(new PointAmount(15 + 27));
    }
}

/// <summary>What a purchase's reads cost the server: index lookups, whatever the tables' size when their plans were made.</summary>
[RequiresEnvironmentVariable(PostgresFixture.Variable, PostgresFixture.Reason)]
public sealed class PostgresPlanTests
{
    /// <summary>
    /// On a new database, analyzed while still small (as autovacuum does in a new programme's first minutes), a purchase
    /// reads ahead by index from every table of a thousand rows or more. A prepared statement keeps the plan made for the
    /// small table, and a plan for a list of keys of unknown length scans the whole table, which then grows under it until
    /// the next analyze. Counted in the server's table statistics.
    /// </summary>
    [ConformanceFact]
    public async Task PurchaseReadAhead_OnASmallAnalyzedDatabase_UsesNoSequentialScan()
    {
        const int Customers = 1000, Purchases = 300;
        await using var database = await ScratchDatabase.CreateAsync();
        var at = Instant.FromUtc(2026, 5, 4, 2, 0);
        void Packages(ICrmBuilder b) => b
            .AddPoints(o => o.Rules = new EarnRules())
            .AddMembership(o => o.Policy = new TierPolicy { Window = new RollingMonthsWindow { Months = 12 }, Tiers = MembershipScenarios.GoldAt100().Tiers })
            .AddChurn(o => o.Policy = new ChurnPolicy())
            .UsePostgresStorage(o => o.ConnectionString = database.ConnectionString);
        async Task RecordAsync(int from, int count)
        {
            using var crm = TestCrm.Create(at + Duration.FromDays(1), Packages);
            for (var i = from; i < from + count; i++)
            {
                await crm.Manager.RecordPurchaseAsync(Facts.Purchase($"p{i}", $"c{i % Customers}", at + Duration.FromMinutes(i), Facts.Line("1", 9m), Facts.Line("2", 6m, category: "bakery")));
            }
        }

        await RecordAsync(0, Customers);
        await database.QueryAsync("ANALYZE", _ => 0);
        var before = await TablesAsync(database);

        await RecordAsync(Customers, Purchases);

        // A server process reports its counts when it ends (the CRM's connections closed with it): wait for the look-ups.
        var after = await TablesAsync(database);
        for (var wait = 0; after["crm_customer_metrics"].IndexScans - before["crm_customer_metrics"].IndexScans < Purchases && wait < 100; wait++)
        {
            await Task.Delay(100);
            after = await TablesAsync(database);
        }

        (after["crm_customer_metrics"].IndexScans - before["crm_customer_metrics"].IndexScans).Should().BeGreaterThanOrEqualTo(Purchases, "each purchase looks its customer's metrics up by index");
        before.Where(t => t.Value.Rows >= Customers).Select(t => (Table: t.Key, SequentialScans: after[t.Key].SequentialScans - t.Value.SequentialScans))
            .Should().HaveCountGreaterThanOrEqualTo(6).And.AllSatisfy(t => t.SequentialScans.Should().Be(0, $"{t.Table} is read by key"));
    }

    private static async Task<Dictionary<string, (long Rows, long SequentialScans, long IndexScans)>> TablesAsync(ScratchDatabase database) =>
        (await database.QueryAsync(
            "SELECT relname, n_live_tup, seq_scan, COALESCE(idx_scan, 0) FROM pg_stat_user_tables",
            r => (Table: r.GetString(0), Rows: r.GetInt64(1), Sequential: r.GetInt64(2), Index: r.GetInt64(3))))
        .ToDictionary(r => r.Table, r => (r.Rows, r.Sequential, r.Index));
}

/// <summary>A PostgreSQL unit of work's writes travel as one batch that is its own transaction.</summary>
[RequiresEnvironmentVariable(PostgresFixture.Variable, PostgresFixture.Reason)]
public sealed class PostgresAtomicBatchTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    /// <summary>A statement the server refuses (a NUL character in a text) fails the whole unit: the writes before it in the batch are not kept.</summary>
    [ConformanceFact]
    public async Task ServerErrorInTheBatch_AppliesNothingOfTheUnit()
    {
        var before = NewProfile("before");
        var failing = NewProfile("failing") with { Name = "nul\0name" };

        await using (var unit = await fixture.Units.BeginAsync())
        {
            await unit.GetStore<ICustomerStore>().CreateAsync(before);
            await unit.GetStore<ICustomerStore>().CreateAsync(failing);
            var commit = () => unit.CommitAsync();
            await commit.Should().ThrowAsync<Exception>();
        }

        (await fixture.Store<ICustomerStore>().FindAsync(before.Id)).Should().BeNull();
        (await fixture.Store<ICustomerStore>().FindAsync(failing.Id)).Should().BeNull();
        var after = NewProfile("after");
        (await fixture.Store<ICustomerStore>().CreateAsync(after)).Created.Should().BeTrue("the session is usable after the failed batch");
    }

    /// <summary>A precondition that fails late in the batch (a stale version in its last statement) undoes the statements before it.</summary>
    [ConformanceFact]
    public async Task FailedCheckAtTheEndOfTheBatch_UndoesTheStatementsBeforeIt()
    {
        var first = NewProfile("first");
        var stale = NewProfile("stale");
        await fixture.Store<ICustomerStore>().CreateAsync(stale);

        await using (var unit = await fixture.Units.BeginAsync())
        {
            await unit.GetStore<ICustomerStore>().CreateAsync(first);
            await unit.GetStore<ICustomerStore>().UpdateAsync(stale with { Name = "late" }, expectedVersion: 7);
            var commit = () => unit.CommitAsync();
            (await commit.Should().ThrowAsync<CrmConcurrencyException>()).Which.Entity.Should().Contain(stale.Id.Value);
        }

        (await fixture.Store<ICustomerStore>().FindAsync(first.Id)).Should().BeNull();
        (await fixture.Store<ICustomerStore>().FindAsync(stale.Id))!.Name.Should().BeNull();
    }

    private static CustomerProfile NewProfile(string prefix) =>
        new() { Id = Crm.Testing.Fakes.ActivityEntries.NewCustomerId(prefix), JoinedAt = Instant.FromUtc(2026, 1, 1, 0, 0) };
}

[RequiresEnvironmentVariable(PostgresFixture.Variable, PostgresFixture.Reason)]
public sealed class PostgresActivityScenarioTests
{
    /// <summary>The random scenario of the property tests, for 20 fixed seeds (FsCheck properties cannot be skipped without a server).</summary>
    [ConformanceFact]
    public async Task IncrementalMetrics_EqualRecomputation_ForTwentySeeds()
    {
        for (var seed = 1; seed <= 20; seed++)
        {
            using var crm = TestCrm.Create(
                ActivityScenario.Start + Duration.FromDays(400),
                b => b.UsePostgresStorage(o => o.ConnectionString = PostgresFixture.ConnectionString));
            (await ActivityScenario.RunAsync(crm, seed, 30)).Should().BeTrue($"seed {seed} must hold");
        }
    }
}

[RequiresEnvironmentVariable(PostgresFixture.Variable, PostgresFixture.Reason)]
public sealed class PostgresMembershipScenarioTests
{
    [ConformanceFact]
    public async Task ParallelPurchasesCrossingThreshold_OneUpgradeAndOneWelcomeGift()
    {
        var (upgrades, welcome, tier) = await MembershipScenarios.ParallelUpgradeAsync(b => b.UsePostgresStorage(o => o.ConnectionString = PostgresFixture.ConnectionString));

        tier.Should().Be("gold");
        upgrades.Should().ContainSingle();
        welcome.Should().ContainSingle();
    }
}

/// <summary>A database of its own for a test that needs an empty one, dropped after.</summary>
internal sealed class ScratchDatabase : IAsyncDisposable
{
    private readonly string _name = $"crm_scratch_{Guid.NewGuid():N}";

    private ScratchDatabase()
    {
    }

    public string ConnectionString => new NpgsqlConnectionStringBuilder(PostgresFixture.ConnectionString) { Database = _name }.ConnectionString;

    public static async Task<ScratchDatabase> CreateAsync()
    {
        var database = new ScratchDatabase();
        await Admin($"CREATE DATABASE {database._name}");
        return database;
    }

    public async Task<List<T>> QueryAsync<T>(string sql, Func<NpgsqlDataReader, T> read)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await Admin($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)");
    }

    private static async Task Admin(string sql)
    {
        await using var connection = new NpgsqlConnection(PostgresFixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
