using Crm.Storage.Relational;
using Crm.TestUtils;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;

namespace Crm.Storage.Sqlite.Tests;

public sealed class SqliteSchemaTests(SqliteFixture fixture) : IClassFixture<SqliteFixture>
{
    [Fact]
    public async Task Migrate_FromTwoProviders_IsIdempotent()
    {
        await using (var first = Build(fixture.ConnectionString))
        {
            await first.GetRequiredService<CrmManager>().GetMetricsAsync(new CustomerId("m-1"));
        }

        await using (var second = Build(fixture.ConnectionString))
        {
            await second.GetRequiredService<CrmManager>().GetMetricsAsync(new CustomerId("m-1"));
        }

        var versions = await QueryAsync(fixture.ConnectionString, "SELECT version FROM crm_schema_history ORDER BY version", r => r.GetInt64(0));
        versions.Should().Equal(Crm.Storage.Relational.Schema.RelationalSchema.Migrations.Select(m => (long)m.Version));
    }

    [Fact]
    public async Task Session_LeftInATransaction_IsClosedNotLentAgain()
    {
        await using var database = new RelationalDatabase(SqliteDialect.Instance, new SqliteConnectionFactory(fixture.ConnectionString), Currency.CNY, []);
        var broken = await database.RentAsync(default);
        await using (var begin = broken.Connection.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE";
            await begin.ExecuteNonQueryAsync();
        }

        await database.ReturnAsync(broken);
        var next = await database.RentAsync(default);
        await database.ReturnAsync(next);
        var again = await database.RentAsync(default);
        await database.ReturnAsync(again);

        next.Should().NotBeSameAs(broken);
        broken.Connection.State.Should().Be(System.Data.ConnectionState.Closed, "closing it rolled its transaction back and released the write lock");
        again.Should().BeSameAs(next, "a session that ends its call cleanly is kept");
    }

    [Fact]
    public async Task EveryTable_IsWithoutRowid_AndTheDatabaseUsesWal()
    {
        await fixture.Store<IActivityStore>().GetMetricsAsync(new CustomerId("wal-1"));

        var tables = await QueryAsync(fixture.ConnectionString, "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name LIKE 'crm_%' AND name <> 'crm_schema_history'", r => (Name: r.GetString(0), Sql: r.GetString(1)));
        var mode = await QueryAsync(fixture.ConnectionString, "PRAGMA journal_mode", r => r.GetString(0));

        tables.Should().HaveCount(33).And.OnlyContain(t => t.Sql.EndsWith("WITHOUT ROWID", StringComparison.Ordinal));
        mode.Should().Equal("wal");
    }

    [Fact]
    public async Task DatabaseOfThePreRelease_IsRefusedWithWhatToDo()
    {
        var path = Path.Combine(Path.GetTempPath(), $"crm-old-{Guid.NewGuid():N}.db");
        try
        {
            await QueryAsync($"Data Source={path}", "CREATE TABLE crm_schema_migrations (version INTEGER NOT NULL PRIMARY KEY)", r => 0);
            await using var provider = Build($"Data Source={path}");

            var act = () => provider.GetRequiredService<CrmManager>().GetMetricsAsync(new CustomerId("old-1"));

            await act.Should().ThrowAsync<InvalidOperationException>().WithMessage("*pre-release*ImportAsync*");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(path);
        }
    }

    [Fact]
    public async Task UseSqliteStorage_EndToEnd_PersistsAcrossProviders()
    {
        var at = Instant.FromUtc(2026, 5, 1, 2, 0);
        await using (var first = Build(fixture.ConnectionString, at + Duration.FromDays(1)))
        {
            await first.GetRequiredService<CrmManager>().RecordPurchaseAsync(Facts.Purchase("e2e-1", "e2e-c", at, Facts.Line("1", 18m, 2m)));
        }

        await using var second = Build(fixture.ConnectionString, at + Duration.FromDays(1));
        var metrics = await second.GetRequiredService<CrmManager>().GetMetricsAsync(new CustomerId("e2e-c"));

        metrics.NetSpend.Should().Be(Facts.Cny(36m));
        metrics.PurchaseCount.Should().Be(1);
    }

    [Fact]
    public void UseSqliteStorage_WithoutConnectionString_FailsNamingTheSetting()
    {
        var services = new ServiceCollection();
        services.AddCrm(o => { o.Currency = Currency.CNY; o.TimeZone = TestCrm.Shanghai; }).UseSqliteStorage(_ => { });
        using var provider = services.BuildServiceProvider();

        var act = () => provider.GetRequiredService<IActivityStore>();

        act.Should().Throw<Microsoft.Extensions.Options.OptionsValidationException>().WithMessage("*SqliteStorageOptions.ConnectionString*");
    }

    private static ServiceProvider Build(string connectionString, Instant? now = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IClock>(new FakeClock(now ?? Instant.FromUtc(2026, 6, 1, 0, 0)));
        services.AddCrm(o => { o.Currency = Currency.CNY; o.TimeZone = TestCrm.Shanghai; }).UseSqliteStorage(o => o.ConnectionString = connectionString);
        return services.BuildServiceProvider();
    }

    private static async Task<List<T>> QueryAsync<T>(string connectionString, string sql, Func<SqliteDataReader, T> read)
    {
        await using var connection = new SqliteConnection(connectionString + ";Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}

public sealed class SqliteActivityPropertyTests(SqliteFixture fixture) : IClassFixture<SqliteFixture>
{
    [FsCheck.Xunit.Property(MaxTest = 30)]
    public FsCheck.Property IncrementalMetrics_EqualRecomputation_Holds() =>
        FsCheck.Fluent.Prop.ForAll(
            FsCheck.Fluent.Arb.From(FsCheck.Fluent.Gen.Choose(0, int.MaxValue)),
            seed =>
            {
                using var crm = TestCrm.Create(
                    ActivityScenario.Start + Duration.FromDays(400),
                    b => b.UseSqliteStorage(o => o.ConnectionString = fixture.ConnectionString));
                return ActivityScenario.RunAsync(crm, seed, 30).GetAwaiter().GetResult();
            });
}

public sealed class SqliteMembershipScenarioTests(SqliteFixture fixture) : IClassFixture<SqliteFixture>
{
    [Fact]
    public async Task ParallelPurchasesCrossingThreshold_OneUpgradeAndOneWelcomeGift()
    {
        var (upgrades, welcome, tier) = await MembershipScenarios.ParallelUpgradeAsync(b => b.UseSqliteStorage(o => o.ConnectionString = fixture.ConnectionString));

        tier.Should().Be("gold");
        upgrades.Should().ContainSingle();
        welcome.Should().ContainSingle();
    }
}
