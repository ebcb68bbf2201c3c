using Microsoft.Data.Sqlite;

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
        var numbers = WorkPlan.NumbersFor(0, 1, Operations, seed).ToList();
        IReadOnlyList<(int Number, string Outcome)> reportedDone;
        using (var doomed = WorkerProcess.Start("sqlite", connection, run, "0", "1", Operations.ToString(), Customers.ToString(), seed.ToString()))
        {
            var finished = await doomed.ReadUntilAsync(stopAfterDone: killAfter);
            finished.Should().BeFalse("the worker is killed before it finishes");
            doomed.Kill();
            await doomed.ReadUntilAsync(); // what it printed before the kill
            reportedDone = doomed.Done();
        }

        // The database opens after the kill, its invariants hold for whatever was committed (every purchase in the journal
        // has its points: they commit together), what the worker reported done was committed, and at most the one operation
        // in flight at the kill was committed without being reported.
        await using var provider = Invariants.Open(run, b => b.UseSqliteStorage(o => o.ConnectionString = connection));
        var afterCrash = await Invariants.CheckAsync(provider, run, Customers);
        var doomedWork = Work.Of(run, Customers, reportedDone);
        afterCrash.PurchaseIds.Should().Contain(doomedWork.Purchases);
        afterCrash.Redemptions.Should().Contain(doomedWork.Redemptions);
        afterCrash.Coupons.Should().Contain(doomedWork.Coupons.Select(c => c.Key));
        (afterCrash.PurchaseIds.Count - doomedWork.Purchases.Count
            + afterCrash.Redemptions.Count - doomedWork.Redemptions.Count
            + afterCrash.Coupons.Count(k => k is not null) - doomedWork.Coupons.Count).Should().BeLessThanOrEqualTo(1);

        // The same work, retried from the start, counts nothing twice: what the retry newly did is exactly what the database
        // gained. (The retry need not end in the state of a run that was never killed: a redemption refused for want of
        // points writes nothing, so its retry may succeed once the purchases committed before the kill earned the points.)
        IReadOnlyList<(int Number, string Outcome)> retryDone;
        using (var retry = WorkerProcess.Start("sqlite", connection, run, "0", "1", Operations.ToString(), Customers.ToString(), seed.ToString()))
        {
            (await retry.ReadUntilAsync()).Should().BeTrue();
            var (exitCode, errors) = await retry.WaitAsync();
            exitCode.Should().Be(0, errors);
            retryDone = retry.Done();
        }

        var final = await Invariants.CheckAsync(provider, run, Customers);
        var retryWork = Work.Of(run, Customers, retryDone);
        var purchases = Invariants.Purchases(run, numbers, Customers);
        Invariants.ShouldHoldExactly(final, purchases);
        retryWork.Purchases.Should().BeEquivalentTo(purchases.Select(p => p.Id).Except(afterCrash.PurchaseIds));

        final.Redemptions.Should().BeEquivalentTo(afterCrash.Redemptions.Concat(retryWork.Redemptions).ToDictionary());
        final.Coupons.Where(k => k is not null).Should().BeEquivalentTo(afterCrash.Coupons.Where(k => k is not null).Concat(retryWork.Coupons.Select(c => c.Key)));
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
