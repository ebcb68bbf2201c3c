using Crm.Storage.Sql;
using Crm.TestUtils;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;

namespace Crm.Storage.Sqlite.Tests;

public sealed class SqliteSchemaTests : IClassFixture<SqliteFixture>
{
    private readonly SqliteFixture _fixture;

    public SqliteSchemaTests(SqliteFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task Migrate_Twice_FromTwoDatabaseObjects_IsIdempotent()
    {
        await new SqliteDatabase(_fixture.ConnectionString, Currency.CNY).MigrateAsync(default);
        await new SqliteDatabase(_fixture.ConnectionString, Currency.CNY).MigrateAsync(default);

        await using var connection = new SqliteConnection(_fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*), MAX(version) FROM crm_schema_migrations";
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        reader.GetInt64(0).Should().Be(SqliteSchema.Migrations.Count);
        reader.GetInt64(1).Should().Be(SqliteSchema.Migrations[^1].Version);
    }

    [Fact]
    public async Task Session_LeftInATransaction_IsClosedNotLentAgain()
    {
        var database = new SqliteDatabase(_fixture.ConnectionString, Currency.CNY);
        var broken = await database.OpenAsync(default);
        await using (var begin = broken.Connection.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE";
            await begin.ExecuteNonQueryAsync();
        }

        await database.ReturnAsync(broken);
        var next = await database.OpenAsync(default);
        await database.ReturnAsync(next);
        var again = await database.OpenAsync(default);
        await database.ReturnAsync(again);
        await database.DisposeAsync();

        next.Should().NotBeSameAs(broken);
        broken.Connection.State.Should().Be(System.Data.ConnectionState.Closed, "closing it rolled its transaction back and released the write lock");
        again.Should().BeSameAs(next, "a session that ends its call cleanly is kept");
    }

    [Fact]
    public async Task Batch_WhoseTransactionTheDatabaseRolledBack_RefusesMoreCallsAndItsDisposeThrows()
    {
        await using var database = new SqliteDatabase(_fixture.ConnectionString, Currency.CNY);
        var batch = await database.BeginBatchAsync();

        // What SQLite does on its own after a full disk or an I/O error: the whole transaction is rolled back.
        var session = await database.OpenAsync(default);
        await using (var rollback = session.Connection.CreateCommand())
        {
            rollback.Transaction = ((SqlBatch)batch).Transaction;
            rollback.CommandText = "ROLLBACK";
            await rollback.ExecuteNonQueryAsync();
        }

        await database.ReturnAsync(session);

        var next = async () => await database.OpenAsync(default);
        await next.Should().ThrowAsync<InvalidOperationException>().WithMessage("*transaction is lost*");
        var dispose = async () => await batch.DisposeAsync();
        await dispose.Should().ThrowAsync<InvalidOperationException>().WithMessage("*not committed*");
    }

    [Fact]
    public async Task Database_UsesWalMode()
    {
        await _fixture.Database.MigrateAsync(default);
        await using var connection = new SqliteConnection(_fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";

        (await command.ExecuteScalarAsync()).Should().Be("wal");
    }

    [Fact]
    public async Task UseSqliteStorage_EndToEnd_PersistsAcrossProviders()
    {
        var at = Instant.FromUtc(2026, 5, 1, 2, 0);
        await using (var first = Build())
        {
            await first.GetRequiredService<CrmManager>().RecordPurchaseAsync(Facts.Purchase("e2e-1", "e2e-c", at, Facts.Line("1", 18m, 2m)));
        }

        await using var second = Build();
        var metrics = await second.GetRequiredService<CrmManager>().GetMetricsAsync(new CustomerId("e2e-c"));

        metrics.NetSpend.Should().Be(Facts.Cny(36m));
        metrics.PurchaseCount.Should().Be(1);

        ServiceProvider Build()
        {
            var services = new ServiceCollection();
            services.AddSingleton<IClock>(new FakeClock(at + Duration.FromDays(1)));
            services.AddCrm(o => { o.Currency = Currency.CNY; o.TimeZone = TestCrm.Shanghai; })
                .UseSqliteStorage(o => o.ConnectionString = _fixture.ConnectionString);
            return services.BuildServiceProvider();
        }
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
        var (upgrades, issuer, tier) = await MembershipScenarios.ParallelUpgradeAsync(b => b.UseSqliteStorage(o => o.ConnectionString = fixture.ConnectionString));

        tier.Should().Be("gold");
        upgrades.Should().ContainSingle();
        issuer.Issued.Should().ContainSingle();
    }
}
