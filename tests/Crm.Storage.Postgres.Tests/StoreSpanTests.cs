using Crm.Storage.Relational;
using Crm.Testing;
using Crm.TestUtils;

namespace Crm.Storage.Postgres.Tests;

/// <summary>
/// Issue 27 on PostgreSQL: a purchase's reads travel in the unit's one read-ahead batch and its writes in the one commit
/// batch, each a <c>crm.store</c> span beneath its step (docs/observability.md); reads served from the read-ahead make none.
/// </summary>
[RequiresEnvironmentVariable(PostgresFixture.Variable, PostgresFixture.Reason)]
public sealed class StoreSpanTests
{
    /// <summary>
    /// A returning customer's purchase is the read-ahead batch and the commit batch. The first purchase upgrades the
    /// customer to gold (120.00 of 100.00), and granting the tier's benefits asks the database twice more (whether the
    /// benefit was granted, the customer's coupons): the trace shows where those two round trips happen.
    /// </summary>
    [ConformanceFact]
    public async Task RecordPurchase_WithEveryPackage_IsOneReadAheadSpanAndOneCommitSpan()
    {
        using var recorder = new TraceRecorder(CrmTelemetry.Name, RelationalTelemetry.Name);
        using var crm = StoreSpanScenario.Create(b => b.UsePostgresStorage(o => o.ConnectionString = PostgresFixture.ConnectionString));
        await crm.Manager.GetMetricsAsync(new CustomerId("span-warm-up"));
        var customer = $"span-c-{Guid.NewGuid():N}";

        var (upgradeRoot, upgrade) = await recorder.TraceAsync(() => crm.Manager.RecordPurchaseAsync(StoreSpanScenario.Purchase($"sp-{Guid.NewGuid():N}", customer)));
        var (root, spans) = await recorder.TraceAsync(() => crm.Manager.RecordPurchaseAsync(StoreSpanScenario.Purchase($"sp-{Guid.NewGuid():N}", customer)));

        StoreSpanScenario.AssertTagged(upgrade, "postgresql", customer);
        StoreSpanScenario.Shape(upgrade, upgradeRoot).Should().Equal(
            "crm.unit.prefetch: IStoreUnitOfWork.PrefetchAsync",
            "crm.handler MembershipPurchaseHandler: IMembershipStore.IsGrantedAsync",
            "crm.handler MembershipPurchaseHandler: ICouponStore.ListByCustomerAsync",
            "crm.unit.commit: IStoreUnitOfWork.CommitAsync");
        StoreSpanScenario.AssertTagged(spans, "postgresql", customer);
        StoreSpanScenario.Shape(spans, root).Should().Equal("crm.unit.prefetch: IStoreUnitOfWork.PrefetchAsync", "crm.unit.commit: IStoreUnitOfWork.CommitAsync");
        var stores = StoreSpanScenario.StoreSpans(spans);
        stores[0].GetTagItem("db.operation.name").Should().Be("BATCH SELECT");
        stores[0].GetTagItem("db.operation.batch.size").Should().BeOfType<int>().Which.Should().BeGreaterThan(4);
        stores[1].GetTagItem("db.operation.name").Should().Be("BATCH");
        stores[1].GetTagItem("db.operation.batch.size").Should().BeOfType<int>().Which.Should().BeGreaterThan(4);
    }

    [ConformanceFact]
    public async Task StoreCall_OutsideAFact_IsOneSpan_UnderTheCallersSpan()
    {
        using var recorder = new TraceRecorder(CrmTelemetry.Name, RelationalTelemetry.Name);
        using var crm = StoreSpanScenario.Create(b => b.UsePostgresStorage(o => o.ConnectionString = PostgresFixture.ConnectionString));
        var customer = $"span-c-{Guid.NewGuid():N}";
        await crm.Manager.RecordPurchaseAsync(StoreSpanScenario.Purchase($"sp-{Guid.NewGuid():N}", customer));

        var (root, spans) = await recorder.TraceAsync(() => crm.Manager.GetCustomerAsync(new CustomerId(customer)));

        StoreSpanScenario.AssertTagged(spans, "postgresql", customer);
        StoreSpanScenario.Shape(spans, root).Should().Equal("test: ICustomerStore.FindAsync");
    }
}
