using Crm.Storage.Relational;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Data.Sqlite;

namespace Crm.Storage.Sqlite.Tests;

/// <summary>A unit's inserts combined into multi-row statements do exactly what the writes do one by one.</summary>
public sealed class SqlWriteMergerTests : IAsyncLifetime
{
    private const string Tables =
        "CREATE TABLE t_sum (k TEXT NOT NULL PRIMARY KEY, v INTEGER NOT NULL);" +
        "CREATE TABLE t_last (k TEXT NOT NULL PRIMARY KEY, v INTEGER NOT NULL);" +
        "CREATE TABLE t_new (id TEXT NOT NULL PRIMARY KEY, k TEXT NOT NULL);" +
        "CREATE TABLE t_plain (id TEXT NOT NULL PRIMARY KEY, v INTEGER NOT NULL);";

    private readonly string _path = Path.Combine(Path.GetTempPath(), $"crm-merge-{Guid.NewGuid():N}.db");
    private RelationalDatabase _database = null!;

    private string ConnectionString => $"Data Source={_path}";

    public async Task InitializeAsync()
    {
        _database = new RelationalDatabase(SqliteDialect.Instance, new SqliteConnectionFactory(ConnectionString), Currency.CNY, []);
        await ExecuteAsync(Tables);
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_path + suffix);
        }
    }

    /// <summary>
    /// Any sequence of inserts (increments and overwrites by upsert, inserts that must be new, plain inserts, multi-row
    /// inserts) and updates, over a few keys so that rows repeat: applied through the commit (combined) it fails exactly
    /// when it fails one statement at a time, and otherwise leaves the same rows.
    /// </summary>
    [Property(MaxTest = 150)]
    public Property CombinedInserts_DoWhatTheWritesDoOneByOne_Holds(List<(byte Kind, byte Key, sbyte Value)> operations)
    {
        var writes = operations.Select((o, i) => Write(o.Kind, o.Key, o.Value, i)).ToList();
        var (expectedFailed, expectedRows) = OneByOneAsync(writes).GetAwaiter().GetResult();
        var failed = _database.TryApplyAsync(writes, typeof(IStoreUnitOfWork), nameof(IStoreUnitOfWork.CommitAsync), default).GetAwaiter().GetResult() is not null;
        var rows = ReadAsync().GetAwaiter().GetResult();
        ExecuteAsync("DELETE FROM t_sum; DELETE FROM t_last; DELETE FROM t_new; DELETE FROM t_plain;").GetAwaiter().GetResult();
        return (failed == expectedFailed && (failed || rows.SequenceEqual(expectedRows)))
            .Label($"failed {failed} (one by one: {expectedFailed}); rows {string.Join(" ", rows)} (one by one: {string.Join(" ", expectedRows)})");
    }

    /// <summary>A round of an import's inserts becomes a statement per table; the updates stay one per row.</summary>
    [Fact]
    public void ManyFactsInserts_BecomeOneStatementPerShape()
    {
        var writes = Enumerable.Range(0, 500).SelectMany(i => new SqlWrite[]
        {
            new("INSERT INTO t_sum (k, v) VALUES (@k, @v) ON CONFLICT (k) DO UPDATE SET v = t_sum.v + excluded.v", [("@k", $"k{i}"), ("@v", 1L)]),
            new("INSERT INTO t_new (id, k) VALUES (@id, @k) ON CONFLICT (id) DO NOTHING", [("@id", $"n{i}"), ("@k", $"k{i}")], 1, ("t_new", 0)),
            new("UPDATE t_last SET v = v + 1 WHERE k = @k", [("@k", $"k{i}")]),
        }).ToList();

        var statements = SqlWriteMerger.Merge(writes);

        statements.Select(s => s.Statement.Sql.Split(' ')[0]).Should().Equal(["INSERT", "INSERT", .. Enumerable.Repeat("UPDATE", 500)]);
        statements[0].Statement.ExpectedRows.Should().BeNull();
        statements[1].Statement.ExpectedRows.Should().Be(500, "the inserts that must be new add up");
        statements[1].First.Should().BeSameAs(writes[1], "a failed count is reported as the first insert's");
    }

    /// <summary>The writes of one kind: 0 adds to a row (upsert), 1 overwrites a row (upsert), 2 inserts a key that must be new, 3 inserts plainly (a key used twice violates it), 4 updates, 5 inserts two rows at once.</summary>
    private static SqlWrite Write(byte kind, byte key, sbyte value, int position)
    {
        var k = "k" + (key % 6);
        return (kind % 6) switch
        {
            0 => new("INSERT INTO t_sum (k, v) VALUES (@k, @v) ON CONFLICT (k) DO UPDATE SET v = t_sum.v + excluded.v", [("@k", k), ("@v", (long)value)]),
            1 => new("INSERT INTO t_last (k, v) VALUES (@k, @v) ON CONFLICT (k) DO UPDATE SET v = excluded.v", [("@k", k), ("@v", (long)value)]),
            2 => new("INSERT INTO t_new (id, k) VALUES (@id, @k) ON CONFLICT (id) DO NOTHING", [("@id", "n" + (key % 40)), ("@k", k)], 1, ("t_new", 0)),
            3 => new("INSERT INTO t_plain (id, v) VALUES (@id, @v)", [("@id", "p" + (key % 40)), ("@v", (long)position)]),
            4 => new("UPDATE t_last SET v = (v * 2) + @v WHERE k = @k", [("@k", k), ("@v", (long)value)]),
            _ => new("INSERT INTO t_sum (k, v) VALUES (@k0, @v), (@k1, @v) ON CONFLICT (k) DO UPDATE SET v = t_sum.v + excluded.v", [("@k0", k), ("@k1", "k" + ((key + 1) % 6)), ("@v", (long)value)]),
        };
    }

    /// <summary>The reference: each write its own statement, in order, in one transaction that is rolled back at the end.</summary>
    private async Task<(bool Failed, List<string> Rows)> OneByOneAsync(List<SqlWrite> writes)
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        try
        {
            foreach (var write in writes)
            {
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = write.Sql;
                foreach (var (name, value) in write.Parameters)
                {
                    command.Parameters.AddWithValue(name, value);
                }

                if (await command.ExecuteNonQueryAsync() is var rows && write.ExpectedRows is { } expected && rows != expected)
                {
                    return (true, []);
                }
            }
        }
        catch (SqliteException e) when (e.SqliteExtendedErrorCode is 1555 or 2067)
        {
            return (true, []);
        }

        var state = await ReadAsync(connection, transaction);
        await transaction.RollbackAsync();
        return (false, state);
    }

    private async Task<List<string>> ReadAsync()
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        return await ReadAsync(connection, null);
    }

    private static async Task<List<string>> ReadAsync(SqliteConnection connection, SqliteTransaction? transaction)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText =
            "SELECT 'sum ' || k || '=' || v FROM t_sum UNION ALL SELECT 'last ' || k || '=' || v FROM t_last UNION ALL " +
            "SELECT 'new ' || id || '=' || k FROM t_new UNION ALL SELECT 'plain ' || id || '=' || v FROM t_plain ORDER BY 1";
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
