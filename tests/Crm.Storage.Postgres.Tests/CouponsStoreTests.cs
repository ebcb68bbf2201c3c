using Crm.Coupons;
using Crm.Storage.Sql;
using Crm.Testing;
using Crm.Testing.Conformance;

namespace Crm.Storage.Postgres.Tests;

[RequiresEnvironmentVariable(PostgresFixture.Variable, PostgresFixture.Reason)]
public sealed class PostgresCouponStoreTests(PostgresFixture fixture) : CouponStoreConformanceTests, IClassFixture<PostgresFixture>
{
    protected override Task<ICouponStore> CreateStoreAsync() => Task.FromResult<ICouponStore>(new SqlCouponStore(fixture.Database));
}
