using Crm.Storage.InMemory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Crm.TestUtils;
using static Crm.TestUtils.Facts;

namespace Crm.Points.Tests.Ledger;

/// <summary>A write that loses its race is retried <see cref="CrmOptions.MaxConcurrencyRetries"/> times, then fails with nothing written.</summary>
public sealed class ConcurrencyRetryTests : PointsTestBase
{
    [Theory]
    [InlineData(10, true)]    // the default: 10 lost races, the 11th attempt wins
    [InlineData(11, false)]
    public async Task Adjust_AtTheDefaultLimit_RetriesTenTimes(int conflicts, bool applies)
    {
        var store = new ConflictingStore(conflicts);
        var (crm, points) = Create(BaseRules, Local(2026, 6, 1, 12), builder: b => Use(b, store));
        using var _c = crm;

        var act = () => points.AdjustAsync(C1, new PointAmount(30), "adj-1", "goodwill", "op-7");

        if (applies)
        {
            (await act()).Status.Should().Be(PointsChangeStatus.Applied);
            (await points.GetBalanceAsync(C1)).Total.Should().Be(new PointAmount(30));
        }
        else
        {
            await act.Should().ThrowAsync<CrmConcurrencyException>();
            (await points.GetBalanceAsync(C1)).Total.Should().Be(PointAmount.Zero);
        }

        store.Attempts.Should().Be(11);
    }

    [Theory]
    [InlineData(2, true)]
    [InlineData(3, false)]
    public async Task Redeem_RetriesAsConfigured_ThenFailsWithNothingSpent(int conflicts, bool applies)
    {
        var store = new ConflictingStore(0);
        var (crm, points) = Create(BaseRules, Local(2026, 6, 1, 12), builder: b => Use(b, store), options: o => o.MaxConcurrencyRetries = 2);
        using var _c = crm;
        await points.AdjustAsync(C1, new PointAmount(50), "adj-1", "opening balance", "op-7");
        store.Attempts = 0;
        store.ConflictsLeft = conflicts;

        var act = () => points.RedeemAsync(C1, new PointAmount(20), "r-1", "latte");

        if (applies)
        {
            (await act()).Available.Should().Be(new PointAmount(30));
        }
        else
        {
            await act.Should().ThrowAsync<CrmConcurrencyException>();
            (await points.GetBalanceAsync(C1)).Available.Should().Be(new PointAmount(50));
        }

        store.Attempts.Should().Be(3);
    }

    [Theory]
    [InlineData(3, true)]     // three lost commits, the fourth attempt wins
    [InlineData(4, false)]
    public async Task Purchase_EarnRetriesTheWholeUnitThroughTheFrontDoor(int conflicts, bool applies)
    {
        InstrumentedUnits units = null!;
        var (crm, points) = Create(BaseRules, Local(2026, 6, 1, 12), builder: b => units = InstrumentedUnits.Install(b), options: o => o.MaxConcurrencyRetries = 3);
        using var _c = crm;
        units.ConflictsLeft = conflicts;

        var act = () => crm.Manager.RecordPurchaseAsync(Purchase("p-1", "c-1", Local(2026, 6, 1, 10), Line("1", 45m)));

        if (applies)
        {
            (await act()).GetOutcome<PointsAward>()!.Points.Should().Be(new PointAmount(45));
            (await points.GetStatementAsync(C1)).Entries.Should().ContainSingle();
            (await crm.Manager.GetMetricsAsync(C1)).PurchaseCount.Should().Be(1);
        }
        else
        {
            await act.Should().ThrowAsync<CrmConcurrencyException>();
            (await points.GetStatementAsync(C1)).Entries.Should().BeEmpty();
            (await crm.Manager.GetMetricsAsync(C1)).Version.Should().Be(0);
        }

        units.CommitAttempts.Should().Be(4);
        units.Steps.Count(s => s == "IPointsLedgerStore.AppendAsync").Should().Be(4, "each attempt reads and earns again");
    }

    private static void Use(ICrmBuilder builder, ConflictingStore store) =>
        builder.Services.Replace(ServiceDescriptor.Singleton<IPointsLedgerStore>(sp =>
        {
            store.Bind(new InMemoryPointsLedgerStore(sp.GetRequiredService<InMemoryDatabase>()));
            return store;
        }));

    /// <summary>The in-memory store a host resolves, except that the next <see cref="ConflictsLeft"/> appends lose a race before writing anything.</summary>
    private sealed class ConflictingStore(int conflicts) : IPointsLedgerStore
    {
        private InMemoryPointsLedgerStore _inner = null!;

        public void Bind(InMemoryPointsLedgerStore inner) => _inner = inner;

        public int ConflictsLeft { get; set; } = conflicts;

        public int Attempts { get; set; }

        public Task<PointsAppendResult> AppendAsync(CustomerId customerId, PointsWrite write, CancellationToken cancellationToken = default)
        {
            Attempts++;
            if (ConflictsLeft > 0)
            {
                ConflictsLeft--;
                throw new CrmConcurrencyException("points account", write.ExpectedVersion, write.ExpectedVersion + 1);
            }

            return _inner.AppendAsync(customerId, write, cancellationToken);
        }

        public Task<PointsAccount?> FindAsync(CustomerId customerId, bool includeLots, CancellationToken cancellationToken = default) => _inner.FindAsync(customerId, includeLots, cancellationToken);

        public Task<PointsLot?> FindLotAsync(CustomerId customerId, string lotId, CancellationToken cancellationToken = default) => _inner.FindLotAsync(customerId, lotId, cancellationToken);

        public Task<IReadOnlyList<PointsEntry>> FindWriteAsync(CustomerId customerId, string key, CancellationToken cancellationToken = default) => _inner.FindWriteAsync(customerId, key, cancellationToken);

        public Task<IReadOnlyList<PointsEntry>> GetEntriesAsync(CustomerId customerId, long? beforeSequence, int limit, CancellationToken cancellationToken = default) => _inner.GetEntriesAsync(customerId, beforeSequence, limit, cancellationToken);

        public Task<PointAmount> GetEarnedAsync(CustomerId customerId, NodaTime.Instant from, NodaTime.Instant to, CancellationToken cancellationToken = default) => _inner.GetEarnedAsync(customerId, from, to, cancellationToken);

        public Task<IReadOnlyList<CustomerId>> ListExpiringAsync(NodaTime.Instant asOf, CustomerId? after, int limit, CancellationToken cancellationToken = default) => _inner.ListExpiringAsync(asOf, after, limit, cancellationToken);

        public Task<PointAmount> GetOutstandingAsync(CancellationToken cancellationToken = default) => _inner.GetOutstandingAsync(cancellationToken);

        public Task<int> EraseCustomerTextAsync(CustomerId customerId, NodaTime.Instant erasedAt, CancellationToken cancellationToken = default) => _inner.EraseCustomerTextAsync(customerId, erasedAt, cancellationToken);
    }
}
