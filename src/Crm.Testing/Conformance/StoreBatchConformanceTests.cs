using Crm.Testing.Fakes;
using NodaTime;
using Xunit;

namespace Crm.Testing.Conformance;

/// <summary>
/// Checks that an adapter's <see cref="IStoreBatchFactory"/> keeps the batch contract of its documentation: calls in a
/// batch stay atomic, idempotent and version-checked, a failed call leaves nothing of itself, and every call that
/// succeeded is there once the batch ends. Derive it in the adapter's test project and override <see cref="CreateStoresAsync"/>.
/// </summary>
public abstract class StoreBatchConformanceTests
{
    private static readonly Instant T0 = Instant.FromUtc(2026, 3, 1, 2, 0);

    /// <summary>Creates the batch factory under test and stores that use the same database. They may share it with other tests.</summary>
    /// <returns>The factory and the stores.</returns>
    protected abstract Task<(IStoreBatchFactory Batches, ICustomerStore Customers, IActivityStore Activity)> CreateStoresAsync();

    /// <summary>Calls made in a batch are all there, seen from another flow, once the batch is disposed.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Batch_Disposed_CallsVisibleOutsideTheFlow()
    {
        var (batches, customers, activity) = await CreateStoresAsync();
        var customer = ActivityEntries.NewCustomerId("batch");

        await using (await batches.BeginBatchAsync())
        {
            await customers.CreateAsync(Profile(customer));
            for (var i = 0; i < 5; i++)
            {
                await activity.AppendAsync(Purchase(customer, 10m, i), null);
            }
        }

        var (profile, metrics) = await OutsideTheFlowAsync(async () => (await customers.FindAsync(customer), await activity.GetMetricsAsync(customer)));
        Assert.NotNull(profile);
        Assert.NotNull(metrics);
        Assert.Equal(5, metrics.PurchaseCount);
        Assert.Equal(new Money(50m, Currency.CNY), metrics.NetSpend);
    }

    /// <summary>A call inside a batch sees the calls before it in the same batch (its own flow's writes).</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Batch_CallsSeeEarlierCallsOfTheBatch()
    {
        var (batches, customers, activity) = await CreateStoresAsync();
        var customer = ActivityEntries.NewCustomerId("batch");

        await using (await batches.BeginBatchAsync())
        {
            await customers.CreateAsync(Profile(customer));
            var first = await activity.AppendAsync(Purchase(customer, 10m), 0);

            Assert.NotNull(await customers.FindAsync(customer));
            Assert.Equal(first.Metrics, await activity.GetMetricsAsync(customer));
        }
    }

    /// <summary>A call that fails in a batch (a stale expected version) leaves nothing; the calls before and after it are kept and the batch stays usable.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Batch_FailedCall_LeavesNothingAndKeepsTheOtherCalls()
    {
        var (batches, customers, activity) = await CreateStoresAsync();
        var customer = ActivityEntries.NewCustomerId("batch");
        var before = Purchase(customer, 10m);
        var failing = Purchase(customer, 20m, 1);
        var after = Purchase(customer, 40m, 2);

        await using (await batches.BeginBatchAsync())
        {
            var (profile, _) = await customers.CreateAsync(Profile(customer) with { Name = "Before" });
            await activity.AppendAsync(before, 0);

            await Assert.ThrowsAsync<CrmConcurrencyException>(() => activity.AppendAsync(failing, 7));
            await Assert.ThrowsAsync<CrmConcurrencyException>(() => customers.UpdateAsync(profile with { Name = "Stale" }, 5));

            await activity.AppendAsync(after, 1);
        }

        var (found, metrics, entry) = await OutsideTheFlowAsync(async () =>
            (await customers.FindAsync(customer), await activity.GetMetricsAsync(customer), await activity.FindEntryAsync(ActivityKind.Purchase, failing.Id)));
        Assert.Equal("Before", found!.Name);
        Assert.Equal(1, found.Version);
        Assert.Null(entry);
        Assert.Equal(2, metrics!.PurchaseCount);
        Assert.Equal(2, metrics.Version);
        Assert.Equal(new Money(50m, Currency.CNY), metrics.NetSpend);
    }

    /// <summary>An exception in the flow does not undo the batch's calls that succeeded: disposing the batch keeps them.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Batch_FlowThrows_SucceededCallsAreKept()
    {
        var (batches, _, activity) = await CreateStoresAsync();
        var customer = ActivityEntries.NewCustomerId("batch");

        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await using (await batches.BeginBatchAsync())
            {
                await activity.AppendAsync(Purchase(customer, 10m), null);
                throw new InvalidOperationException("The host's flow fails after the call.");
            }
        });

        var metrics = await OutsideTheFlowAsync(() => activity.GetMetricsAsync(customer));
        Assert.Equal(1, metrics!.PurchaseCount);
    }

    /// <summary>Replaying a key inside a batch, within the batch or of a call made before it, changes nothing and returns the stored result.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Batch_ReplayedKey_IsIdempotent()
    {
        var (batches, customers, activity) = await CreateStoresAsync();
        var customer = ActivityEntries.NewCustomerId("batch");
        var earlier = Purchase(customer, 10m);
        var inBatch = Purchase(customer, 20m, 1);
        await activity.AppendAsync(earlier, null);

        await using (await batches.BeginBatchAsync())
        {
            var (_, created) = await customers.CreateAsync(Profile(customer) with { Name = "First" });
            var (again, createdAgain) = await customers.CreateAsync(Profile(customer) with { Name = "Second" });
            var appended = await activity.AppendAsync(inBatch, null);
            var replayed = await activity.AppendAsync(inBatch, null);
            var replayedEarlier = await activity.AppendAsync(earlier, 0);

            Assert.True(created);
            Assert.False(createdAgain);
            Assert.Equal("First", again.Name);
            Assert.True(appended.Appended);
            Assert.False(replayed.Appended);
            Assert.Equal(appended.Entry.Sequence, replayed.Entry.Sequence);
            Assert.False(replayedEarlier.Appended);
            Assert.Equal(1, replayedEarlier.Entry.Sequence);
        }

        var metrics = await OutsideTheFlowAsync(() => activity.GetMetricsAsync(customer));
        Assert.Equal(2, metrics!.PurchaseCount);
        Assert.Equal(new Money(30m, Currency.CNY), metrics.NetSpend);
    }

    /// <summary>Expected versions are checked inside a batch as outside: the batch's own writes move the version.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Batch_StaleExpectedVersion_ThrowsConcurrency()
    {
        var (batches, customers, activity) = await CreateStoresAsync();
        var customer = ActivityEntries.NewCustomerId("batch");

        await using (await batches.BeginBatchAsync())
        {
            var (profile, _) = await customers.CreateAsync(Profile(customer));
            var updated = await customers.UpdateAsync(profile with { Name = "Updated" }, 1);
            await activity.AppendAsync(Purchase(customer, 10m), 0);

            var stale = await Assert.ThrowsAsync<CrmConcurrencyException>(() => customers.UpdateAsync(profile with { Name = "Stale" }, 1));
            await Assert.ThrowsAsync<CrmConcurrencyException>(() => activity.AppendAsync(Purchase(customer, 10m), 0));

            Assert.Equal(2, updated.Version);
            Assert.Equal(2, stale.ActualVersion);
        }
    }

    /// <summary>A batch begun inside a batch joins it: disposing the inner one ends nothing, and every call is kept when the outer one ends.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Batch_Nested_JoinsTheOuterBatch()
    {
        var (batches, _, activity) = await CreateStoresAsync();
        var customer = ActivityEntries.NewCustomerId("batch");

        await using (await batches.BeginBatchAsync())
        {
            await activity.AppendAsync(Purchase(customer, 10m), 0);
            await using (await batches.BeginBatchAsync())
            {
                await activity.AppendAsync(Purchase(customer, 10m), 1);
            }

            await activity.AppendAsync(Purchase(customer, 10m), 2);
        }

        var metrics = await OutsideTheFlowAsync(() => activity.GetMetricsAsync(customer));
        Assert.Equal(3, metrics!.PurchaseCount);
    }

    /// <summary>Tasks of one flow that call stores in parallel inside a batch all succeed, and every call is kept.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Batch_ParallelCallsOfTheFlow_AllSucceed()
    {
        var (batches, _, activity) = await CreateStoresAsync();
        var ids = Enumerable.Range(0, 8).Select(_ => ActivityEntries.NewCustomerId("batch")).ToList();

        await using (await batches.BeginBatchAsync())
        {
            await Task.WhenAll(ids.Select(id => Task.Run(async () =>
            {
                for (var i = 0; i < 5; i++)
                {
                    await activity.AppendAsync(Purchase(id, 10m, i), i);
                }
            })));
        }

        foreach (var id in ids)
        {
            var metrics = await OutsideTheFlowAsync(() => activity.GetMetricsAsync(id));
            Assert.Equal(5, metrics!.PurchaseCount);
        }
    }

    private static ActivityEntry Purchase(CustomerId customer, decimal amount, int hour = 0) =>
        ActivityEntries.Purchase(ActivityEntries.NewId("bp"), customer, T0 + Duration.FromHours(hour), ("tea", amount));

    private static CustomerProfile Profile(CustomerId customer) => new() { Id = customer, JoinedAt = T0 };

    /// <summary>Runs <paramref name="read"/> in a task that does not inherit the calling flow's batch.</summary>
    private static Task<T> OutsideTheFlowAsync<T>(Func<Task<T>> read)
    {
        using (ExecutionContext.SuppressFlow())
        {
            return Task.Run(read);
        }
    }
}
