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
