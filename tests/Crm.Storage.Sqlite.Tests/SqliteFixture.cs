using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Storage.Sqlite.Tests;

/// <summary>One database file shared by the tests of a class (the suites use fresh ids per test), registered as a host registers it.</summary>
public sealed class SqliteFixture : IAsyncLifetime
{
    public SqliteFixture()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"crm-tests-{Guid.NewGuid():N}.db");
        ConnectionString = $"Data Source={Path}";
        var services = new ServiceCollection();
        services.AddCrm(o => { o.Currency = Currency.CNY; o.TimeZone = Crm.TestUtils.TestCrm.Shanghai; }).UseSqliteStorage(o => o.ConnectionString = ConnectionString);
        Services = services.BuildServiceProvider();
    }

    public string Path { get; }

    public string ConnectionString { get; }

    public ServiceProvider Services { get; }

    public IStoreUnitOfWorkFactory Units => Services.GetRequiredService<IStoreUnitOfWorkFactory>();

    public T Store<T>()
        where T : notnull => Services.GetRequiredService<T>();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await Services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(Path + suffix);
        }
    }
}
