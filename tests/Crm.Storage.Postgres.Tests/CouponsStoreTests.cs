using Crm.Coupons;
using Crm.Testing;

namespace Crm.Storage.Postgres.Tests;

[RequiresEnvironmentVariable(PostgresFixture.Variable, PostgresFixture.Reason)]
public sealed class PostgresCouponScenarioTests
{
    [ConformanceFact]
    public async Task ParallelConfirms_ExactlyOneRedeems_AndFrontDoorConfirmsReservation()
    {
        var (parallel, recorded, replayed, usage) = await Crm.TestUtils.CouponsScenarios.ParallelConfirmAsync(b => b.UsePostgresStorage(o => o.ConnectionString = PostgresFixture.ConnectionString));

        Assert.Single(parallel, r => r.Status == RedemptionStatus.Succeeded);
        Assert.Equal(99, parallel.Count(r => r.Status == RedemptionStatus.AlreadyRedeemed));
        Assert.Equal(RedemptionStatus.Succeeded, recorded.Outcomes.OfType<PurchaseCouponsOutcome>().Single().Results.Single().Status);
        Assert.Equal(RedemptionStatus.Succeeded, replayed.Outcomes.OfType<PurchaseCouponsOutcome>().Single().Results.Single().Status);
        Assert.Equal(2, usage.Redeemed);
    }

    [ConformanceFact]
    public async Task Refusals_TermsNotMetAndOtherCustomer_PurchaseCommits_CouponsNotWritten()
    {
        await Crm.TestUtils.CouponsScenarios.RefusalsHoldAsync(b => b.UsePostgresStorage(o => o.ConnectionString = PostgresFixture.ConnectionString));
    }

    [ConformanceFact]
    public async Task PromotionsAndNextOrder_RedeemEarnReplayAndTakeBack_InTheFactsUnit()
    {
        await Crm.TestUtils.CouponsScenarios.PromotionsAndNextOrderHoldAsync(b => b.UsePostgresStorage(o => o.ConnectionString = PostgresFixture.ConnectionString));
    }
}
