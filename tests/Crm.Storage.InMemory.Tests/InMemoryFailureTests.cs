using Crm.Storage.InMemory;
using Crm.Testing.Fakes;
using NodaTime;
using Xunit;

namespace Crm.Storage.InMemory.Tests;

/// <summary>A sum the in-memory store cannot hold is refused with the typed error every adapter throws for it, and nothing is written.</summary>
public sealed class InMemoryFailureTests
{
    private static readonly Instant At = Instant.FromUtc(2026, 5, 1, 2, 0);

    // Each amount fits in a decimal; their sum does not.
    private const decimal Huge = 50_000_000_000_000_000_000_000_000_000m;

    [Fact]
    public async Task Append_SumPastDecimal_ThrowsValueOutOfRange_AndWritesNothing()
    {
        var database = new InMemoryDatabase(Currency.CNY);
        var store = new InMemoryActivityStore(database);
        var customer = ActivityEntries.NewCustomerId();
        await store.AppendAsync(ActivityEntries.Purchase("p-1", customer, At, ("coffee", Huge)) with { Sequence = 1 }, 0);

        var thrown = await Record.ExceptionAsync(() => store.AppendAsync(ActivityEntries.Purchase("p-2", customer, At, ("coffee", Huge)) with { Sequence = 2 }, 1));

        AssertOutOfRange(thrown);
        Assert.Null(await store.FindEntryAsync(ActivityKind.Purchase, "p-2"));
        Assert.Equal(1, (await store.GetMetricsAsync(customer))!.Version);
    }

    [Fact]
    public async Task Commit_SumPastDecimal_ThrowsValueOutOfRange_AndAppliesNothing()
    {
        var database = new InMemoryDatabase(Currency.CNY);
        var customer = ActivityEntries.NewCustomerId();
        await new InMemoryActivityStore(database).AppendAsync(ActivityEntries.Purchase("p-1", customer, At, ("coffee", Huge)) with { Sequence = 1 }, 0);

        await using var unit = await database.BeginAsync();
        await unit.GetStore<ICustomerStore>().CreateAsync(new CustomerProfile { Id = customer, JoinedAt = At });
        await unit.GetStore<IActivityStore>().AppendAsync(ActivityEntries.Purchase("p-2", customer, At, ("coffee", Huge)) with { Sequence = 2 }, 1);
        var thrown = await Record.ExceptionAsync(() => unit.CommitAsync());

        AssertOutOfRange(thrown);
        Assert.Null(await new InMemoryCustomerStore(database).FindAsync(customer));
        Assert.Null(await new InMemoryActivityStore(database).FindEntryAsync(ActivityKind.Purchase, "p-2"));
    }

    private static void AssertOutOfRange(Exception? thrown)
    {
        var storage = Assert.IsType<CrmStorageException>(thrown);
        Assert.Equal(CrmErrorCodes.StorageValueOutOfRange, storage.ErrorCode);
        Assert.False(storage.IsTransient);
        Assert.IsType<OverflowException>(storage.InnerException);
    }
}
