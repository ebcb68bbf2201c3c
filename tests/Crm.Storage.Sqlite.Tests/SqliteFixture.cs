using Microsoft.Data.Sqlite;

namespace Crm.Storage.Sqlite.Tests;

/// <summary>One database file shared by the tests of a class (the suites use fresh ids per test).</summary>
public sealed class SqliteFixture : IDisposable
{
    public SqliteFixture()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"crm-tests-{Guid.NewGuid():N}.db");
        ConnectionString = $"Data Source={Path}";
        Database = new SqliteDatabase(ConnectionString, Currency.CNY);
    }

    public string Path { get; }

    public string ConnectionString { get; }

    internal SqliteDatabase Database { get; }

    public void Dispose()
    {
        Database.Dispose();
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(Path + suffix);
        }
    }
}
