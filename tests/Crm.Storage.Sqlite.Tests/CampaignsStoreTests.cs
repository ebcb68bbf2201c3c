namespace Crm.Storage.Sqlite.Tests;

public sealed class SqliteCampaignScenarioTests(SqliteFixture fixture) : IClassFixture<SqliteFixture>
{
    [Fact]
    public async Task ParallelDeliveries_BudgetOf60_IssueExactly60Coupons()
    {
        await Crm.TestUtils.CampaignsScenarios.ParallelBudgetHoldsAsync(b => b.UseSqliteStorage(o => o.ConnectionString = fixture.ConnectionString));
    }
}
