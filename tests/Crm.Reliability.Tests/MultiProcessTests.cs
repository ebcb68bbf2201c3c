using Crm.Testing;

namespace Crm.Reliability.Tests;

[RequiresEnvironmentVariable("CRM_PG_CONNECTION", "the multi-process test needs a PostgreSQL server; run `bash .ci/pg.sh start` and export CRM_PG_CONNECTION with the connection string it prints (.ci/run does this).")]
public sealed class MultiProcessTests
{
    [ConformanceFact]
    public async Task FourProcesses_OnePostgresDatabase_CountEveryPurchaseRedemptionAndCouponOnce()
    {
        const int Workers = 4, Operations = 150, Customers = 50, Seed = 42;
        var connection = Environment.GetEnvironmentVariable("CRM_PG_CONNECTION")!;
        var run = $"mp{Guid.NewGuid():N}"[..14];

        var processes = Enumerable.Range(0, Workers)
            .Select(w => WorkerProcess.Start("postgres", connection, run, w.ToString(), Workers.ToString(), Operations.ToString(), Customers.ToString(), Seed.ToString()))
            .ToList();
        try
        {
            await Task.WhenAll(processes.Select(p => p.ReadUntilAsync()));
            foreach (var process in processes)
            {
                var (exitCode, errors) = await process.WaitAsync();
                exitCode.Should().Be(0, errors);
            }

            var numbers = Enumerable.Range(0, Workers).SelectMany(w => WorkPlan.NumbersFor(w, Workers, Operations, Seed)).ToList();
            await using var provider = Invariants.Open(run, b => b.UsePostgresStorage(o => o.ConnectionString = connection));
            var state = await Invariants.CheckAsync(provider, run, Customers);
            var done = processes.SelectMany(p => p.Done()).ToList();
            done.Should().HaveCount(Workers * Operations);
            processes.Select(p => p.CouponIds()).Distinct().Should().ContainSingle("every process issued the same coupons, once");
            var work = Work.Of(run, Customers, done);

            // Every purchase is in the journal once, and the processes' own counts add up to it.
            Invariants.ShouldHoldExactly(state, Invariants.Purchases(run, numbers, Customers));
            work.Purchases.Should().BeEquivalentTo(state.PurchaseIds);

            // Each redemption the processes report applied (once: Work.Of refuses a key twice) is in a ledger once, with its
            // points; nothing else was redeemed.
            state.Redemptions.Should().BeEquivalentTo(work.Redemptions).And.NotBeEmpty();
            done.Should().Contain(d => d.Outcome == nameof(Points.PointsChangeStatus.Replayed), "processes replayed redemptions");

            // Each coupon was redeemed by at most one confirmation: exactly the one a process reported as succeeded.
            work.Coupons.Select(c => c.Coupon).Should().OnlyHaveUniqueItems("no single-use coupon is redeemed twice");
            state.Coupons.Select((key, k) => (k, key)).Where(x => x.key is not null)
                .Should().BeEquivalentTo(work.Coupons.Select(c => (c.Coupon, (string?)c.Key)));
            work.Coupons.Should().HaveCount(WorkPlan.CouponRedemptionBudget, "more coupons were confirmed than the budget allows, and it was used up exactly");
            done.Should().Contain(d => d.Outcome == nameof(Coupons.RedemptionStatus.BudgetExhausted));
            done.Should().Contain(d => d.Outcome == nameof(Coupons.RedemptionStatus.AlreadyRedeemed), "processes raced for the same coupons");
        }
        finally
        {
            foreach (var process in processes)
            {
                process.Dispose();
            }
        }
    }
}
