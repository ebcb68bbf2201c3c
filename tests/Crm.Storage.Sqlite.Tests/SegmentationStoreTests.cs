using Crm.Segmentation;
using Crm.Storage.Sql;
using Crm.Testing.Conformance;

namespace Crm.Storage.Sqlite.Tests;

public sealed class SqliteSegmentStoreTests(SqliteFixture fixture) : SegmentStoreConformanceTests, IClassFixture<SqliteFixture>
{
    protected override Task<ISegmentStore> CreateStoreAsync() => Task.FromResult<ISegmentStore>(new SqlSegmentStore(fixture.Database));
}

public sealed class SqliteSegmentInputStoreTests(SqliteFixture fixture) : SegmentInputStoreConformanceTests, IClassFixture<SqliteFixture>
{
    protected override Task<(IActivityStore Activity, ISegmentInputStore Inputs)> CreateStoresAsync() =>
        Task.FromResult<(IActivityStore, ISegmentInputStore)>((new SqlActivityStore(fixture.Database), new SqlSegmentStore(fixture.Database)));
}
