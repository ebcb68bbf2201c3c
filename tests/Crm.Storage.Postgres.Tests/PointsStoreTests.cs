using Crm.Points;
using Crm.Storage.Sql;
using Crm.Testing;
using Crm.Testing.Conformance;

namespace Crm.Storage.Postgres.Tests;

[RequiresEnvironmentVariable(PostgresFixture.Variable, PostgresFixture.Reason)]
public sealed class PostgresPointsLedgerStoreTests(PostgresFixture fixture) : PointsLedgerStoreConformanceTests, IClassFixture<PostgresFixture>
{
    protected override Task<IPointsLedgerStore> CreateStoreAsync() => Task.FromResult<IPointsLedgerStore>(new SqlPointsLedgerStore(fixture.Database));
}
