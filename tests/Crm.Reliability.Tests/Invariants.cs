using Microsoft.Extensions.DependencyInjection;

namespace Crm.Reliability.Tests;

/// <summary>What must hold in a database after any run, crashed or not.</summary>
internal static class Invariants
{
    /// <summary>Checks every customer of a run: metrics equal the journal, no purchase counted twice; returns the journal's purchase ids.</summary>
    public static async Task<HashSet<string>> CheckAsync(IActivityStore store, string run, int customers)
    {
        var purchaseIds = new HashSet<string>(StringComparer.Ordinal);
        for (var c = 0; c < customers; c++)
        {
            var customer = WorkPlan.Customer(run, c);
            var journal = new List<ActivityEntry>();
            for (long after = 0; ;)
            {
                var page = await store.GetEntriesAsync(customer, after, 200);
                journal.AddRange(page);
                if (page.Count < 200)
                {
                    break;
                }

                after = page[^1].Sequence;
            }

            foreach (var entry in journal)
            {
                purchaseIds.Add(entry.Id).Should().BeTrue($"purchase {entry.Id} must be in the journal once");
            }

            var metrics = await store.GetMetricsAsync(customer);
            if (journal.Count == 0)
            {
                metrics.Should().BeNull();
                continue;
            }

            metrics.Should().Be(CustomerMetrics.Recompute(customer, Currency.CNY, journal), $"metrics of {customer} must equal its journal");
            journal.Select(e => e.Sequence).Should().Equal(Enumerable.Range(1, journal.Count).Select(i => (long)i));
        }

        return purchaseIds;
    }

    /// <summary>Opens the stores of a database through the public registration, as a host would.</summary>
    public static ServiceProvider Open(Action<ICrmBuilder> storage)
    {
        var services = new ServiceCollection();
        storage(services.AddCrm(o => { o.Currency = Currency.CNY; o.TimeZone = NodaTime.DateTimeZone.Utc; }));
        return services.BuildServiceProvider();
    }

    /// <summary>The net spend per customer that the plan's purchases add up to (paid totals are the lines' sums).</summary>
    public static Dictionary<CustomerId, Money> ExpectedSpend(string run, IEnumerable<int> numbers, int customers) =>
        numbers.Distinct()
            .Select(n => WorkPlan.Purchase(run, n, customers))
            .GroupBy(p => p.CustomerId)
            .ToDictionary(g => g.Key, g => g.Select(p => p.PaidTotal).Aggregate((a, b) => a + b));
}
