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
    public async Task Migration3_RebuildsActivityTablesWithoutRowid_KeepingEveryRow()
    {
        var path = Path.Combine(Path.GetTempPath(), $"crm-migration3-{Guid.NewGuid():N}.db");
        var connectionString = $"Data Source={path};Pooling=False";
        string[] tables = ["crm_customer_metrics", "crm_customer_categories", "crm_customer_months", "crm_activity_entries", "crm_activity_lines"];
        try
        {
            // A database as version 2 left it, with rows in every table the migration rebuilds.
            await Execute(connectionString, "CREATE TABLE crm_schema_migrations (version INTEGER NOT NULL PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')));");
            foreach (var migration in SqliteSchema.Migrations.Where(m => m.Version <= 2))
            {
                await Execute(connectionString, migration.Sql + $"INSERT INTO crm_schema_migrations (version, description) VALUES ({migration.Version}, 'test');");
            }

            await Execute(connectionString, """
                INSERT INTO crm_customer_metrics VALUES ('c-1', 2, 1000, 2000, 1, 1, 4550), ('c-2', 1, 3000, 3000, 1, 0, 990);
                INSERT INTO crm_customer_categories VALUES ('c-1', 'coffee', 3600), ('c-1', 'bakery', 950), ('c-2', 'tea', 990);
                INSERT INTO crm_customer_months VALUES ('c-1', 24313, 1, 4550), ('c-2', 24314, 1, 990);
                INSERT INTO crm_activity_entries VALUES (1, 'p-1', 'c-1', 1, 'p-1', 1000, 1000, 24313, 's-1', 1, 5550, 1001),
                                                        (2, 'r-1', 'c-1', 2, 'p-1', 2000, 1000, 24313, 's-1', 1, 1000, 2001),
                                                        (1, 'p-2', 'c-2', 1, 'p-2', 3000, 3000, 24314, 's-2', 2, 990, 3001);
                INSERT INTO crm_activity_lines VALUES (1, 'p-1', 0, '1', 'latte', 'coffee', '2', 3600), (1, 'p-1', 1, '2', 'croissant', 'bakery', '1', 1950),
                                                      (2, 'r-1', 0, '2', 'croissant', 'bakery', '1', 1000), (1, 'p-2', 0, '1', 'oolong', 'tea', '1.5', 990);
                """);
            var before = new Dictionary<string, List<string>>();
            foreach (var table in tables)
            {
                before[table] = await Rows(connectionString, table);
            }

            await using (var database = new SqliteDatabase(connectionString, Currency.CNY))
            {
                await database.MigrateAsync(default);
            }

            foreach (var table in tables)
            {
                (await Rows(connectionString, table)).Should().Equal(before[table], $"{table} keeps every row");
                (await Scalar(connectionString, $"SELECT sql FROM sqlite_master WHERE type = 'table' AND name = '{table}'")).Should().Contain("WITHOUT ROWID");
            }

            (await Scalar(connectionString, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = 'ix_crm_activity_entries_purchase'")).Should().Be("1");
        }
        finally
        {
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(path + suffix);
            }
        }

        static async Task Execute(string connectionString, string sql)
        {
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync();
        }

        static async Task<string> Scalar(string connectionString, string sql)
        {
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture)!;
        }

        static async Task<List<string>> Rows(string connectionString, string table)
        {
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM {table} ORDER BY 1, 2, 3";
            await using var reader = await command.ExecuteReaderAsync();
            var rows = new List<string>();
            while (await reader.ReadAsync())
            {
                rows.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => $"{reader.GetName(i)}={reader.GetValue(i)}")));
            }

            return rows;
        }
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
