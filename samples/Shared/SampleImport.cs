using Microsoft.Extensions.DependencyInjection;

namespace Crm.Samples;

/// <summary>How the samples load a history: customers registered in explicit units of work, then the purchases through <see cref="CrmManager.ImportAsync"/>.</summary>
internal static class SampleImport
{
    private const int ChunkSize = 10_000;

    /// <summary>
    /// Registers every customer of a history, joined at their first purchase, and imports the purchases in batches
    /// (each purchase with everything every package does about it, committed a round at a time).
    /// </summary>
    /// <param name="services">The service provider.</param>
    /// <param name="purchases">The purchases, each customer's in the order they happened.</param>
    /// <param name="bar">Receives the purchases recorded so far.</param>
    /// <returns>The number of customers registered.</returns>
    public static async Task<int> ImportHistoryAsync(IServiceProvider services, IReadOnlyList<Purchase> purchases, ProgressBar bar)
    {
        // A population run of our own: one explicit unit of work (on SQLite one transaction) per 10,000 new profiles, its
        // commit a call, not a side effect of disposing it.
        var units = services.GetRequiredService<IStoreUnitOfWorkFactory>();
        var firsts = purchases.GroupBy(p => p.CustomerId).Select(g => g.MinBy(p => p.OccurredAt)!).ToList();
        foreach (var chunk in firsts.Chunk(ChunkSize))
        {
            await using var unit = await units.BeginAsync();
            var customers = unit.GetStore<ICustomerStore>();
            foreach (var first in chunk)
            {
                // In a unit a profile that exists would fail the commit (its write is checked there), so an import run
                // again skips the customers it registered before.
                if (await customers.FindAsync(first.CustomerId) is null)
                {
                    await customers.CreateAsync(new CustomerProfile { Id = first.CustomerId, JoinedAt = first.OccurredAt });
                }
            }

            await unit.CommitAsync();
        }

        var crm = services.GetRequiredService<CrmManager>();
        var result = await crm.ImportAsync(
            purchases.ToAsyncEnumerable(),
            new ImportOptions { BatchSize = ChunkSize },
            new Reporter(p => bar.Report(p.Recorded + p.Replayed)));
        bar.Report(result.Totals.Recorded + result.Totals.Replayed);
        return firsts.Count;
    }

    /// <summary>Reports on the import's own thread, in order (a <see cref="Progress{T}"/> would post to the thread pool).</summary>
    private sealed class Reporter(Action<ImportProgress> report) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => report(value);
    }
}
