using Crm.Churn;
using Crm.Storage.Sql;
using Crm.Testing.Conformance;

namespace Crm.Storage.Sqlite.Tests;

public sealed class SqliteChurnStoreTests(SqliteFixture fixture) : ChurnStoreConformanceTests, IClassFixture<SqliteFixture>
{
    protected override Task<IChurnStore> CreateStoreAsync() => Task.FromResult<IChurnStore>(new SqlChurnStore(fixture.Database));
}
