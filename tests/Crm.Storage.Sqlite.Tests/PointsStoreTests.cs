using Crm.Points;

namespace Crm.Storage.Sqlite.Tests;

public sealed class SqlitePointsScenarioTests(SqliteFixture fixture) : IClassFixture<SqliteFixture>
{
    [Fact]
    public async Task FrontDoor_EarnRefundRedeem_OnSqlite()
    {
        var at = NodaTime.Instant.FromUtc(2026, 6, 1, 2, 0);
        using var crm = Crm.TestUtils.TestCrm.Create(
            at + NodaTime.Duration.FromDays(1),
            b => b.AddPoints(o => o.Rules = new EarnRules()).UseSqliteStorage(o => o.ConnectionString = fixture.ConnectionString));
        var points = crm.Get<PointsManager>();
        var customer = new CustomerId("points-e2e-" + Guid.NewGuid().ToString("N"));

        // 45.50 earns 45; a 22.75 refund reverses floor(45 x 2275/4550) = 22; 20 redeemed: 45 - 22 - 20 = 3.
        var purchase = Crm.TestUtils.Facts.Purchase("pp-" + customer.Value, customer.Value, at, Crm.TestUtils.Facts.Line("1", 45.5m));
        var earned = await crm.Manager.RecordPurchaseAsync(purchase);
        await crm.Manager.RecordPurchaseAsync(purchase);
        var refunded = await crm.Manager.RecordRefundAsync(Crm.TestUtils.Facts.RefundAmount("rf-" + customer.Value, purchase.Id, at + NodaTime.Duration.FromHours(1), 22.75m));
        var redeemed = await points.RedeemAsync(customer, new PointAmount(20), "r-1", "cake");

        earned.GetOutcome<PointsAward>()!.Points.Should().Be(new PointAmount(45));
        refunded.GetOutcome<PointsReversal>()!.Points.Should().Be(new PointAmount(22));
        redeemed.Status.Should().Be(PointsChangeStatus.Applied);
        (await points.GetBalanceAsync(customer)).Total.Should().Be(new PointAmount(3));
        (await points.GetStatementAsync(customer)).Entries.Should().HaveCount(3);
    }
}
