using Crm.Churn;
using Crm.Storage.Sql;
using Crm.Testing;
using Crm.Testing.Conformance;

namespace Crm.Storage.Postgres.Tests;

[RequiresEnvironmentVariable(PostgresFixture.Variable, PostgresFixture.Reason)]
public sealed class PostgresChurnStoreTests(PostgresFixture fixture) : ChurnStoreConformanceTests, IClassFixture<PostgresFixture>
{
    protected override Task<IChurnStore> CreateStoreAsync() => Task.FromResult<IChurnStore>(new SqlChurnStore(fixture.Database));
}
