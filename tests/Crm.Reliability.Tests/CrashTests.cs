using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Reliability.Tests;

public sealed class CrashTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"crm-crash-{Guid.NewGuid():N}.db");

    [Theory]
    [InlineData(1, 37)]
    [InlineData(2, 151)]
    [InlineData(3, 288)]
    public async Task KilledMidRun_OnSqlite_LeavesAConsistentDatabaseThatAcceptsTheRetry(int seed, int killAfter)
    {
        const int Operations = 400, Customers = 20;
        var connection = $"Data Source={_path}";
        var run = $"crash{seed}";
        HashSet<string> reportedDone;
        using (var doomed = WorkerProcess.Start("sqlite", connection, run, "0", "1", Operations.ToString(), Customers.ToString(), seed.ToString()))
        {
            var finished = await doomed.ReadUntilAsync(stopAfterDone: killAfter);
            finished.Should().BeFalse("the worker is killed before it finishes");
            doomed.Kill();
            reportedDone = [.. doomed.Lines.Where(l => l.StartsWith("done ", StringComparison.Ordinal)).Select(l => $"{run}-p{int.Parse(l.Split(' ')[1]):D6}")];
        }

        // The database opens after the kill and its invariants hold for whatever was committed.
        await using var provider = Invariants.Open(b => b.UseSqliteStorage(o => o.ConnectionString = connection));
        var store = provider.GetRequiredService<IActivityStore>();
        var afterCrash = await Invariants.CheckAsync(store, run, Customers);
        afterCrash.Should().Contain(reportedDone, "what the worker reported done was committed before the kill");

        // The same work, retried from the start, counts nothing twice.
        using (var retry = WorkerProcess.Start("sqlite", connection, run, "0", "1", Operations.ToString(), Customers.ToString(), seed.ToString()))
        {
            (await retry.ReadUntilAsync()).Should().BeTrue();
            var (exitCode, errors) = await retry.WaitAsync();
            exitCode.Should().Be(0, errors);
            retry.Summary().Recorded.Should().Be(WorkPlan.NumbersFor(0, 1, Operations, seed).Distinct().Count() - afterCrash.Count);
        }

        var numbers = WorkPlan.NumbersFor(0, 1, Operations, seed).ToList();
        var final = await Invariants.CheckAsync(store, run, Customers);
        final.Should().BeEquivalentTo(numbers.Distinct().Select(n => $"{run}-p{n:D6}"));
        foreach (var (customer, spend) in Invariants.ExpectedSpend(run, numbers, Customers))
        {
            (await store.GetMetricsAsync(customer))!.NetSpend.Should().Be(spend);
        }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_path + suffix);
        }
    }
}
