using Crm.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Reliability.Tests;

[RequiresEnvironmentVariable("CRM_PG_CONNECTION", "the multi-process test needs a PostgreSQL server; run `bash .ci/pg.sh start` and export CRM_PG_CONNECTION with the connection string it prints (.ci/run does this).")]
public sealed class MultiProcessTests
{
    [ConformanceFact]
    public async Task FourProcesses_OnePostgresDatabase_CountEveryPurchaseOnce()
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
            await using var provider = Invariants.Open(b => b.UsePostgresStorage(o => o.ConnectionString = connection));
            var store = provider.GetRequiredService<IActivityStore>();
            var journal = await Invariants.CheckAsync(store, run, Customers);

            // Every purchase is in the journal once, and the processes' own counts add up to it.
            journal.Should().BeEquivalentTo(numbers.Distinct().Select(n => $"{run}-p{n:D6}"));
            processes.Sum(p => p.Summary().Recorded).Should().Be(journal.Count);
            processes.Sum(p => p.Summary().Recorded + p.Summary().Replayed).Should().Be(Workers * Operations);
            foreach (var (customer, spend) in Invariants.ExpectedSpend(run, numbers, Customers))
            {
                (await store.GetMetricsAsync(customer))!.NetSpend.Should().Be(spend);
            }
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
