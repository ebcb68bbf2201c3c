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
        var r = await Crm.TestUtils.CouponsScenarios.RefusalsAsync(b => b.UsePostgresStorage(o => o.ConnectionString = PostgresFixture.ConnectionString));

        Assert.Equal(RecordStatus.Recorded, r.Recorded.Status);
        Assert.Equal(1, r.Recorded.Metrics.PurchaseCount);
        var refused = Assert.Single(r.Recorded.GetOutcome<PurchaseCouponsOutcome>()!.NotConfirmed);
        Assert.Equal(RedemptionStatus.TermsNotMet, refused.Status);
        Assert.Equal(CouponReasonCodes.MinimumSpend, Assert.Single(refused.Reasons).Code);
        Assert.Equal(r.ReservedCoupon, r.CouponAfterPurchase);
        Assert.Equal(0, r.Usage.Redeemed);
        Assert.Equal(RedemptionStatus.OtherCustomer, r.Crossed.Status);
        Assert.Null(r.Crossed.Coupon);
        Assert.Equal(r.OthersCouponBefore, r.OthersCouponAfter);
    }
}
