using Crm.Segmentation;
using Crm.Storage.Sql;
using Crm.Testing;
using Crm.Testing.Conformance;

namespace Crm.Storage.Postgres.Tests;

[RequiresEnvironmentVariable(PostgresFixture.Variable, PostgresFixture.Reason)]
public sealed class PostgresSegmentStoreTests(PostgresFixture fixture) : SegmentStoreConformanceTests, IClassFixture<PostgresFixture>
{
    protected override Task<ISegmentStore> CreateStoreAsync() => Task.FromResult<ISegmentStore>(new SqlSegmentStore(fixture.Database));
}

[RequiresEnvironmentVariable(PostgresFixture.Variable, PostgresFixture.Reason)]
public sealed class PostgresSegmentInputStoreTests(PostgresFixture fixture) : SegmentInputStoreConformanceTests, IClassFixture<PostgresFixture>
{
    protected override Task<(IActivityStore Activity, ISegmentInputStore Inputs)> CreateStoresAsync() =>
        Task.FromResult<(IActivityStore, ISegmentInputStore)>((new SqlActivityStore(fixture.Database), new SqlSegmentStore(fixture.Database)));
}
