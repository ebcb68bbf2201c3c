using Crm.Points;
using NodaTime;

namespace Crm.TestUtils;

/// <summary>Store-batch scenarios for the SQL adapters, through the registration a host uses.</summary>
public static class BatchScenarios
{
    /// <summary>
    /// Inside one batch: a customer is created, then a points write fails its version check after it has written its
    /// idempotency key (so the store must undo a partial write), then the same key is written again at the right version.
    /// </summary>
    /// <returns>Whether the stale write threw a concurrency conflict, the retried write, and what is stored once the batch ended.</returns>
    public static async Task<(bool Conflict, PointsAppendResult Retried, PointsAccount? Account, CustomerProfile? Customer)> FailedWriteInBatchAsync(Action<ICrmBuilder> storage)
    {
        var now = Instant.FromUtc(2026, 6, 1, 2, 0);
        using var crm = TestCrm.Create(now, b => storage(b.AddPoints(o => o.Rules = new EarnRules())));
        var batches = crm.Get<IStoreBatchFactory>();
        var ledger = crm.Get<IPointsLedgerStore>();
        var id = new CustomerId($"batch-{Guid.NewGuid():N}");
        var conflict = false;
        PointsAppendResult retried;

        await using (await batches.BeginBatchAsync())
        {
            await crm.Get<ICustomerStore>().CreateAsync(new CustomerProfile { Id = id, JoinedAt = now });
            try
            {
                await ledger.AppendAsync(id, Write(id, now, expectedVersion: 5));
            }
            catch (CrmConcurrencyException)
            {
                conflict = true;
            }

            retried = await ledger.AppendAsync(id, Write(id, now, expectedVersion: 0));
        }

        return (conflict, retried, await ledger.FindAsync(id, includeLots: false), await crm.Get<ICustomerStore>().FindAsync(id));
    }

    private static PointsWrite Write(CustomerId id, Instant at, long expectedVersion) => new()
    {
        Key = "purchase:p-1",
        ExpectedVersion = expectedVersion,
        Account = new PointsAccount { CustomerId = id, EntryCount = 1, Balance = new PointAmount(10) },
        Entries = [new PointsEntry { CustomerId = id, Sequence = 1, Key = "purchase:p-1", Kind = PointsEntryKind.Earn, Points = new PointAmount(10), OccurredAt = at, EarnedAt = at, Reason = "earn 10" }],
    };
}
