using System.Security.Cryptography;
using Crm.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NodaTime;
using NodaTime.Testing;

namespace Crm.Simulation.Tests;

/// <summary>A simulation only reads the host: its store is unchanged after, byte for byte, and it runs against a read-only SQLite file.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // read-only by Unix file modes
public sealed class SqliteHostUnchangedTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("crm-sim-").FullName;

    private string Path => System.IO.Path.Combine(_directory, "host.db");

    [Fact]
    public async Task Run_AgainstReadOnlySqliteFile_SucceedsAndLeavesTheFileIdentical()
    {
        // The host records its history, then stops.
        SortedDictionary<string, string> before;
        await using (var host = await SmallHost.CreateAsync(b => b.UseSqliteStorage(o => o.ConnectionString = $"Data Source={Path}")))
        {
            before = await Hosts.DumpAsync(host.Services);
        }

        SqliteConnection.ClearAllPools();
        var fingerprint = Fingerprint();
        File.GetUnixFileMode(Path).Should().HaveFlag(UnixFileMode.UserWrite);
        File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        File.SetUnixFileMode(_directory, UnixFileMode.UserRead | UnixFileMode.UserExecute);

        // An analyst's process opens the file read-only and simulates.
        await using (var services = Hosts.Build(new FakeClock(SmallHost.At(10, 1)), b => b.UseSqliteStorage(o => o.ConnectionString = $"Data Source={Path};Mode=ReadOnly")))
        {
            var report = await services.GetRequiredService<SimulationManager>().RunAsync(new SimulationRequest
            {
                From = new LocalDate(2026, 8, 1),
                To = new LocalDate(2026, 9, 30),
                Candidates = [new SimulationCandidate { Name = "x2", EarnRules = Hosts.Earn(2) }],
            });

            report.Baseline.Customers.Should().Be(6);
            report.Scenarios[1].NetPointsIssued.Should().BeGreaterThan(report.Baseline.NetPointsIssued);
            (await Hosts.DumpAsync(services)).Should().Equal(before);

            // The file is read-only to this process even where file modes are not enforced (root in a container): a write fails.
            var write = () => services.GetRequiredService<CrmManager>().RegisterCustomerAsync(new CustomerProfile { Id = new CustomerId("new"), JoinedAt = SmallHost.At(10, 1) });
            await write.Should().ThrowAsync<CrmStorageException>();
        }

        SqliteConnection.ClearAllPools();
        var after = Fingerprint();
        after["host.db"].Should().Be(fingerprint["host.db"], "the database file is byte for byte the same");

        // A reader of a WAL database may leave an empty write-ahead log and its shared-memory index; no page was written.
        foreach (var (file, hash) in after.Where(f => f.Key != "host.db"))
        {
            if (fingerprint.TryGetValue(file, out var earlier))
            {
                hash.Should().Be(earlier);
            }
            else
            {
                file.Should().BeOneOf("host.db-wal", "host.db-shm");
                if (file.EndsWith("-wal", StringComparison.Ordinal))
                {
                    new FileInfo(System.IO.Path.Combine(_directory, file)).Length.Should().Be(0);
                }
            }
        }
    }

    public void Dispose()
    {
        File.SetUnixFileMode(_directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>Every file of the database's directory (the file, and its WAL and shared-memory files when the host left them) with a SHA-256 of its bytes.</summary>
    private Dictionary<string, string> Fingerprint() => Directory.GetFiles(_directory)
        .ToDictionary(f => System.IO.Path.GetFileName(f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))), StringComparer.Ordinal);
}

[RequiresEnvironmentVariable(Variable, "the PostgreSQL simulation test needs a server; `. /tmp/pgenv` (or .ci/pg.sh) exports CRM_PG_CONNECTION.")]
public sealed class PostgresHostUnchangedTests
{
    private const string Variable = "CRM_PG_CONNECTION";

    [ConformanceFact]
    public async Task Run_AgainstPostgres_LeavesEveryTableIdentical()
    {
        var name = $"crm_sim_{Guid.NewGuid():N}";
        var admin = Environment.GetEnvironmentVariable(Variable)!;
        var connection = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
        await ExecuteAsync(admin, $"CREATE DATABASE {name}");
        try
        {
            await using var host = await SmallHost.CreateAsync(b => b.UsePostgresStorage(o => o.ConnectionString = connection));
            var before = await FingerprintAsync(connection);
            before.Should().NotBeEmpty();

            var report = await host.Simulation.RunAsync(new SimulationRequest
            {
                From = new LocalDate(2026, 8, 1),
                To = new LocalDate(2026, 9, 30),
                Candidates = [new SimulationCandidate { Name = "wednesday", EarnRules = Hosts.Earn(memberDay: "wednesday") }],
            });

            report.Baseline.Customers.Should().Be(6);
            (await FingerprintAsync(connection)).Should().Equal(before);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        }
    }

    /// <summary>Each table's name, row count and an MD5 of its rows in a fixed order.</summary>
    private static async Task<Dictionary<string, string>> FingerprintAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            await using var command = new NpgsqlCommand($"SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM \"{table}\" t", connection);
            result[table] = (string)(await command.ExecuteScalarAsync())!;
        }

        return result;
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
