using Crm.Testing;
using Crm.Testing.Conformance;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Storage.Sqlite.Tests;

/// <summary>
/// The erasure scan on SQLite, over a database file of the test's own: every value of every column of every table the
/// catalogue lists (<c>sqlite_master</c>, <c>pragma_table_info</c>) that is text. SQLite types values, not columns, so
/// every column is read and every text value kept, whatever the column's declared type.
/// </summary>
public sealed class SqliteErasureScanTests : ErasureScanConformanceTests, IAsyncLifetime
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"crm-erasure-{Guid.NewGuid():N}.db");
    private ServiceProvider? _services;

    private string ConnectionString => $"Data Source={_path}";

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_path + suffix);
        }
    }

    protected override Task<IServiceProvider> CreateServicesAsync(Action<ICrmBuilder> packages)
    {
        var services = new ServiceCollection();
        var builder = services.AddCrm(o => { o.Currency = Currency.CNY; o.TimeZone = Crm.TestUtils.TestCrm.Shanghai; });
        packages(builder);
        builder.UseSqliteStorage(o => o.ConnectionString = ConnectionString);
        _services = services.BuildServiceProvider();
        return Task.FromResult<IServiceProvider>(_services);
    }

    protected override async Task<IReadOnlyList<StoredString>> ReadAllStoredStringsAsync(IServiceProvider services)
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        var columns = new List<(string Table, string Column)>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT m.name, c.name FROM sqlite_master m JOIN pragma_table_info(m.name) c WHERE m.type = 'table' ORDER BY m.name, c.cid";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                columns.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        Assert.Contains(columns, c => c.Table == "crm_customers");
        var found = new List<StoredString>();
        foreach (var (table, column) in columns)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT \"{column}\" FROM \"{table}\" WHERE typeof(\"{column}\") = 'text'";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                found.Add(new StoredString { Location = $"{table}.{column}", Value = reader.GetString(0) });
            }
        }

        return found;
    }
}
