using Crm.Points;
using Crm.Storage.Sql;
using Crm.Testing.Conformance;

namespace Crm.Storage.Sqlite.Tests;

public sealed class SqlitePointsLedgerStoreTests(SqliteFixture fixture) : PointsLedgerStoreConformanceTests, IClassFixture<SqliteFixture>
{
    protected override Task<IPointsLedgerStore> CreateStoreAsync() => Task.FromResult<IPointsLedgerStore>(new SqlPointsLedgerStore(fixture.Database));
}
