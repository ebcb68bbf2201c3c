using Crm.Testing;

namespace Crm.Storage.Postgres.Tests;

[RequiresEnvironmentVariable(PostgresFixture.Variable, PostgresFixture.Reason)]
public sealed class PostgresCampaignScenarioTests
{
    [ConformanceFact]
    public async Task ParallelDeliveries_BudgetOf60_IssueExactly60Coupons()
    {
        await Crm.TestUtils.CampaignsScenarios.ParallelBudgetHoldsAsync(b => b.UsePostgresStorage(o => o.ConnectionString = PostgresFixture.ConnectionString));
    }
}
