using System.Diagnostics;
using Crm.Points;
using Crm.Storage.Relational;
using Crm.TestUtils;
using Microsoft.Data.Sqlite;

namespace Crm.Storage.Sqlite.Tests;

/// <summary>
/// Issue 27: on SQLite, every round trip made for a store call is a <c>crm.store</c> span beneath the step it happens in
/// (docs/observability.md). SQLite reads one fact's records when asked, so a purchase's reads sit under the fact and its
/// handlers; a unit of many customers (an import's round) reads ahead, one query per table, under <c>crm.unit.prefetch</c>.
/// </summary>
public sealed class StoreSpanTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"crm-spans-{Guid.NewGuid():N}.db");

    [Fact]
    public async Task RecordPurchase_WithEveryPackage_TracesEachStoreRoundTripBeneathItsStep()
    {
        using var recorder = new TraceRecorder(CrmTelemetry.Name, RelationalTelemetry.Name);
        using var crm = Create();
        var customer = $"span-c-{Guid.NewGuid():N}";

        var (root, spans) = await recorder.TraceAsync(() => crm.Manager.RecordPurchaseAsync(StoreSpanScenario.Purchase($"sp-{Guid.NewGuid():N}", customer)));

        StoreSpanScenario.AssertTagged(spans, "sqlite", customer);
        var shape = StoreSpanScenario.Shape(spans, root);
        shape.Should().ContainInOrder(
            "crm.record_purchase: IActivityStore.FindEntryAsync",
            "crm.record_purchase: IActivityStore.GetMetricsAsync",
            "crm.handler PointsPurchaseHandler: IPointsLedgerStore.FindAsync",
            "crm.handler MembershipPurchaseHandler: IMembershipStore.FindAsync",
            "crm.handler CouponsPurchaseHandler: ICouponStore.ListByKeyAsync",
            "crm.handler ChurnPurchaseHandler: IChurnStore.FindAssessmentAsync",
            "crm.unit.commit: IStoreUnitOfWork.CommitAsync");
        shape.Should().OnlyContain(s => s.StartsWith("crm.record_purchase: ", StringComparison.Ordinal) || s.StartsWith("crm.handler ", StringComparison.Ordinal) || s.StartsWith("crm.unit.commit: ", StringComparison.Ordinal));
        shape.Should().ContainSingle(s => s.StartsWith("crm.unit.commit: ", StringComparison.Ordinal)).Which.Should().Be(shape[^1], "every write of the unit is sent at the commit");

        // One customer's fact reads nothing ahead on SQLite: no span under the read-ahead step.
        var prefetch = spans.Single(s => s.OperationName == "crm.unit.prefetch");
        spans.Should().NotContain(s => s.ParentSpanId == prefetch.SpanId);
        var commit = StoreSpanScenario.StoreSpans(spans).Single(s => (string?)s.GetTagItem("crm.store.operation") == "CommitAsync");
        commit.GetTagItem("db.operation.name").Should().Be("BATCH", "the commit runs inserts and updates in one transaction");
        commit.GetTagItem("db.operation.batch.size").Should().BeOfType<int>().Which.Should().BeGreaterThan(5);
        StoreSpanScenario.StoreSpans(spans).Where(s => s != commit).Should().OnlyContain(s => (string?)s.GetTagItem("db.operation.name") == "SELECT");
    }

    [Fact]
    public async Task StoreCall_OutsideAFact_IsOneSpanPerQuery_UnderTheCallersSpan()
    {
        using var recorder = new TraceRecorder(CrmTelemetry.Name, RelationalTelemetry.Name);
        using var crm = Create();
        var customer = $"span-c-{Guid.NewGuid():N}";
        await crm.Manager.RecordPurchaseAsync(StoreSpanScenario.Purchase($"sp-{Guid.NewGuid():N}", customer));

        var (profileRoot, profile) = await recorder.TraceAsync(() => crm.Manager.GetCustomerAsync(new CustomerId(customer)));
        var (balanceRoot, balance) = await recorder.TraceAsync(() => crm.Get<PointsManager>().GetBalanceAsync(new CustomerId(customer)));

        StoreSpanScenario.AssertTagged(profile, "sqlite", customer);
        StoreSpanScenario.Shape(profile, profileRoot).Should().Equal("test: ICustomerStore.FindAsync");
        profile.Single().GetTagItem("db.operation.name").Should().Be("SELECT");

        // The balance reads the account, then its lots: two round trips of the one store call.
        StoreSpanScenario.AssertTagged(balance, "sqlite", customer);
        StoreSpanScenario.Shape(balance, balanceRoot).Should().Equal("test: IPointsLedgerStore.FindAsync", "test: IPointsLedgerStore.FindAsync");
    }

    [Fact]
    public async Task Import_OfSeveralCustomers_TracesEachReadAheadQuery_UnderThePrefetch()
    {
        using var recorder = new TraceRecorder(CrmTelemetry.Name, RelationalTelemetry.Name);
        using var crm = Create();
        var run = Guid.NewGuid().ToString("N")[..8];
        var customers = Enumerable.Range(0, 3).Select(i => $"span-i-{run}-{i}").ToList();

        var (_, spans) = await recorder.TraceAsync(() => crm.Manager.ImportAsync(Purchases(customers, run)));

        var prefetch = spans.Single(s => s.OperationName == "crm.unit.prefetch");
        var reads = StoreSpanScenario.StoreSpans(spans).Where(s => s.ParentSpanId == prefetch.SpanId).ToList();
        reads.Should().NotBeEmpty().And.OnlyContain(s => (string?)s.GetTagItem("crm.store") == "IStoreUnitOfWork" && (string?)s.GetTagItem("crm.store.operation") == "PrefetchAsync");
        reads.Select(s => s.GetTagItem("crm.store.read_ahead")).Should().Contain(["IActivityStore", "IPointsLedgerStore", "IMembershipStore"]);
        foreach (var customer in customers)
        {
            StoreSpanScenario.AssertTagged(spans, "sqlite", customer);
        }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_path + suffix);
        }
    }

    private static async IAsyncEnumerable<Purchase> Purchases(IEnumerable<string> customers, string run)
    {
        foreach (var customer in customers)
        {
            await Task.Yield();
            yield return StoreSpanScenario.Purchase($"si-{run}-{customer[^1]}", customer);
        }
    }

    private TestCrm Create()
    {
        var crm = StoreSpanScenario.Create(b => b.UseSqliteStorage(o => o.ConnectionString = $"Data Source={_path}"));

        // The schema is migrated on first use; that is not a store call of the traces below.
        crm.Manager.GetMetricsAsync(new CustomerId("span-warm-up")).GetAwaiter().GetResult();
        return crm;
    }
}
