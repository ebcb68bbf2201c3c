using Crm.Coupons;

namespace Crm.Storage.Sqlite.Tests;

public sealed class SqliteCouponScenarioTests(SqliteFixture fixture) : IClassFixture<SqliteFixture>
{
    [Fact]
    public async Task ParallelConfirms_ExactlyOneRedeems_AndFrontDoorConfirmsReservation()
    {
        var (parallel, recorded, replayed, usage) = await Crm.TestUtils.CouponsScenarios.ParallelConfirmAsync(b => b.UseSqliteStorage(o => o.ConnectionString = fixture.ConnectionString));

        Assert.Single(parallel, r => r.Status == RedemptionStatus.Succeeded);
        Assert.Equal(99, parallel.Count(r => r.Status == RedemptionStatus.AlreadyRedeemed));
        Assert.Equal(RedemptionStatus.Succeeded, recorded.Outcomes.OfType<PurchaseCouponsOutcome>().Single().Results.Single().Status);
        Assert.Equal(RedemptionStatus.Succeeded, replayed.Outcomes.OfType<PurchaseCouponsOutcome>().Single().Results.Single().Status);
        Assert.Equal(2, usage.Redeemed);
    }

    [Fact]
    public async Task Refusals_TermsNotMetAndOtherCustomer_PurchaseCommits_CouponsNotWritten()
    {
        await Crm.TestUtils.CouponsScenarios.RefusalsHoldAsync(b => b.UseSqliteStorage(o => o.ConnectionString = fixture.ConnectionString));
    }

    [Fact]
    public async Task PromotionsAndNextOrder_RedeemEarnReplayAndTakeBack_InTheFactsUnit()
    {
        await Crm.TestUtils.CouponsScenarios.PromotionsAndNextOrderHoldAsync(b => b.UseSqliteStorage(o => o.ConnectionString = fixture.ConnectionString));
    }
}
