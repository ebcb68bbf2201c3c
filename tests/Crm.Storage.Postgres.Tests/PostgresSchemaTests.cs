using Crm.Testing;
using Npgsql;

namespace Crm.Storage.Postgres.Tests;

[RequiresEnvironmentVariable(PostgresFixture.Variable, PostgresFixture.Reason)]
public sealed class PostgresSchemaTests
{
    [ConformanceFact]
    public async Task Migrate_FromManyDatabaseObjectsAtOnce_IsIdempotent()
    {
        var databases = Enumerable.Range(0, 4).Select(_ => new PostgresDatabase(PostgresFixture.ConnectionString, Currency.CNY)).ToList();

        await Task.WhenAll(databases.Select(d => Task.Run(() => d.MigrateAsync(default))));

        await using var connection = new NpgsqlConnection(PostgresFixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT COUNT(*) FROM crm_schema_migrations", connection);
        ((long)(await command.ExecuteScalarAsync())!).Should().Be(PostgresSchema.Migrations.Count);
        foreach (var database in databases)
        {
            await database.DisposeAsync();
        }
    }
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
            using var crm = Crm.TestUtils.TestCrm.Create(
                Crm.TestUtils.ActivityScenario.Start + NodaTime.Duration.FromDays(400),
                b => b.UsePostgresStorage(o => o.ConnectionString = PostgresFixture.ConnectionString));
            (await Crm.TestUtils.ActivityScenario.RunAsync(crm, seed, 30)).Should().BeTrue($"seed {seed} must hold");
        }
    }
}

[RequiresEnvironmentVariable(PostgresFixture.Variable, PostgresFixture.Reason)]
public sealed class PostgresMembershipScenarioTests
{
    [ConformanceFact]
    public async Task ParallelPurchasesCrossingThreshold_OneUpgradeAndOneWelcomeGift()
    {
        var (upgrades, issuer, tier) = await Crm.TestUtils.MembershipScenarios.ParallelUpgradeAsync(b => b.UsePostgresStorage(o => o.ConnectionString = PostgresFixture.ConnectionString));

        tier.Should().Be("gold");
        upgrades.Should().ContainSingle();
        issuer.Issued.Should().ContainSingle();
    }
}
