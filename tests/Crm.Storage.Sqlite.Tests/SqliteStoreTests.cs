using System.Reflection;
using Crm.Storage.Sql;
using Crm.Testing;
using Crm.Testing.Conformance;

namespace Crm.Storage.Sqlite.Tests;

public sealed class SqliteActivityStoreTests(SqliteFixture fixture) : ActivityStoreConformanceTests, IClassFixture<SqliteFixture>
{
    protected override Task<IActivityStore> CreateStoreAsync() => Task.FromResult<IActivityStore>(new SqlActivityStore(fixture.Database));
}

public sealed class SqliteCustomerStoreTests(SqliteFixture fixture) : CustomerStoreConformanceTests, IClassFixture<SqliteFixture>
{
    protected override Task<ICustomerStore> CreateStoreAsync() => Task.FromResult<ICustomerStore>(new SqlCustomerStore(fixture.Database));
}

public sealed class SqliteComplianceTests : CrmComplianceTestBase
{
    protected override Assembly TargetAssembly => typeof(SqliteComplianceTests).Assembly;
}

public sealed class SqliteMembershipStoreTests(SqliteFixture fixture) : MembershipStoreConformanceTests, IClassFixture<SqliteFixture>
{
    protected override Task<Membership.IMembershipStore> CreateStoreAsync() => Task.FromResult<Membership.IMembershipStore>(new SqlMembershipStore(fixture.Database));
}

public sealed class SqliteStoreBatchTests(SqliteFixture fixture) : StoreBatchConformanceTests, IClassFixture<SqliteFixture>
{
    protected override Task<(IStoreBatchFactory Batches, ICustomerStore Customers, IActivityStore Activity)> CreateStoresAsync() =>
        Task.FromResult<(IStoreBatchFactory, ICustomerStore, IActivityStore)>((fixture.Database, new SqlCustomerStore(fixture.Database), new SqlActivityStore(fixture.Database)));
}

public sealed class SqliteBatchScenarioTests(SqliteFixture fixture) : IClassFixture<SqliteFixture>
{
    [Fact]
    public async Task FailedWriteInBatch_UndoesItsPartialWrite_KeepsTheOtherCalls()
    {
        var (conflict, retried, account, customer) = await Crm.TestUtils.BatchScenarios.FailedWriteInBatchAsync(b => b.UseSqliteStorage(o => o.ConnectionString = fixture.ConnectionString));

        conflict.Should().BeTrue();
        retried.Appended.Should().BeTrue("the failed write's key row was undone with it");
        account!.Version.Should().Be(1);
        customer.Should().NotBeNull();
    }
}
