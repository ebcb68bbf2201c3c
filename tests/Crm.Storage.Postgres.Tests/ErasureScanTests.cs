using Crm.Testing;
using Crm.Testing.Conformance;

namespace Crm.Storage.Postgres.Tests;

/// <summary>
/// The erasure scan on PostgreSQL, over a database of the test's own (<see cref="ScratchDatabase"/>): every value of every
/// text column (text, character varying, character, json, jsonb, and arrays of them) of every table of every schema the
/// catalogue (<c>information_schema.columns</c>) lists.
/// </summary>
[RequiresEnvironmentVariable(PostgresFixture.Variable, PostgresFixture.Reason)]
public sealed class PostgresErasureScanTests : ErasureScanConformanceTests, IAsyncLifetime
{
    private ScratchDatabase? _database;
    private Microsoft.Extensions.DependencyInjection.ServiceProvider? _services;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    protected override async Task<IServiceProvider> CreateServicesAsync(Action<ICrmBuilder> packages)
    {
        _database = await ScratchDatabase.CreateAsync();
        _services = PostgresFixture.Build(_database.ConnectionString, packages);
        return _services;
    }

    protected override async Task<IReadOnlyList<StoredString>> ReadAllStoredStringsAsync(IServiceProvider services)
    {
        var database = _database ?? throw new InvalidOperationException("No database was created.");
        var columns = await database.QueryAsync(
            "SELECT c.table_schema, c.table_name, c.column_name FROM information_schema.columns c JOIN information_schema.tables t " +
            "ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE' " +
            "WHERE c.table_schema NOT IN ('pg_catalog', 'information_schema') " +
            "AND (c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb') OR (c.data_type = 'ARRAY' AND c.udt_name IN ('_text', '_varchar', '_bpchar', '_json', '_jsonb'))) " +
            "ORDER BY c.table_schema, c.table_name, c.ordinal_position",
            r => (Schema: r.GetString(0), Table: r.GetString(1), Column: r.GetString(2)));
        Assert.Contains(columns, c => c.Table == "crm_customers");
        var found = new List<StoredString>();
        foreach (var (schema, table, column) in columns)
        {
            var quoted = $"{Quote(schema)}.{Quote(table)}";
            var values = await database.QueryAsync($"SELECT {Quote(column)}::text FROM {quoted} WHERE {Quote(column)} IS NOT NULL", r => r.GetString(0));
            found.AddRange(values.Select(v => new StoredString { Location = $"{table}.{column}", Value = v }));
        }

        return found;
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
