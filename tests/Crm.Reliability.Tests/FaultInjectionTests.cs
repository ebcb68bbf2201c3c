using Microsoft.Data.Sqlite;

namespace Crm.Reliability.Tests;

/// <summary>
/// Storage that fails a random fraction of calls, before the work or after it (the answer lost, a commit included): a
/// caller that retries each operation until it succeeds ends with exactly the state of a run without faults.
/// </summary>
public sealed class FaultInjectionTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"crm-faults-{Guid.NewGuid():N}.db");

    // The rate is per call; recording a purchase makes about ten calls (begin, prefetch, reads, writes, commit), so at 0.25
    // most attempts fail somewhere and the till retries several times.
    [Theory]
    [InlineData("memory", 1, 0.1)]
    [InlineData("memory", 2, 0.25)]
    [InlineData("sqlite", 3, 0.15)]
    public async Task RetriedOperations_UnderStorageFaults_EndInTheFaultFreeState(string storage, int seed, double faultRate)
    {
        const int Operations = 300, Customers = 15;
        var run = $"fault{seed}";
        Action<ICrmBuilder>? adapter = storage == "sqlite" ? b => b.UseSqliteStorage(o => o.ConnectionString = $"Data Source={_path}") : null;

        // Every operation once, then a replay of every seventh, as a till retrying after a timeout would.
        var numbers = Enumerable.Range(0, Operations).ToList();
        numbers.AddRange(numbers.Where(n => n % 7 == 0).ToList());
        var faults = new FaultInjector(seed, faultRate);

        var clean = await ReferenceRun.StateAsync(run, numbers, Customers);
        var faulty = await ReferenceRun.StateAsync(run, numbers, Customers, faults, adapter);

        faults.Retries.Should().BeGreaterThan(0, "faults were injected");
        faults.LostAnswers.Should().BeGreaterThan(0, "some work was done but its answer was lost");
        faults.LostCommits.Should().BeGreaterThan(0, "some purchases were committed but the till was told they failed");
        faulty.Should().BeEquivalentTo(clean, o => o.WithStrictOrdering());
        Invariants.ShouldHoldExactly(clean, Invariants.Purchases(run, numbers, Customers));
        clean.Redemptions.Should().NotBeEmpty();
        clean.Coupons.Should().Contain(k => k != null);
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
