using Crm.Testing;
using Crm.TestUtils;

namespace Crm.Storage.Postgres.Tests;

/// <summary>Issue 20: the randomized bad-input run of <see cref="BadInputScenario"/> on PostgreSQL, over ten seeds drawn at random and reported on failure.</summary>
[RequiresEnvironmentVariable(PostgresFixture.Variable, PostgresFixture.Reason)]
public sealed class PostgresBadInputTests
{
    [ConformanceFact]
    public async Task BadInput_RefusedWithDocumentedCodeAndNothingWritten_OrAcceptedWithInvariants()
    {
        using var crm = BadInputScenario.Create(b => b.UsePostgresStorage(o => o.ConnectionString = PostgresFixture.ConnectionString));
        foreach (var seed in Enumerable.Range(0, 10).Select(_ => Random.Shared.Next()))
        {
            var failure = await BadInputScenario.RunAsync(crm, seed, 40);
            failure.Should().BeNull($"seed {seed} should hold");
        }
    }
}
