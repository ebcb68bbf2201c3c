using Crm.Coupons;
using Crm.Storage.Sql;
using Crm.Testing.Conformance;

namespace Crm.Storage.Sqlite.Tests;

public sealed class SqliteCouponStoreTests(SqliteFixture fixture) : CouponStoreConformanceTests, IClassFixture<SqliteFixture>
{
    protected override Task<ICouponStore> CreateStoreAsync() => Task.FromResult<ICouponStore>(new SqlCouponStore(fixture.Database));
}
