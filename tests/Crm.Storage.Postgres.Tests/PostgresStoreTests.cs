using System.Reflection;
using Crm.Storage.Sql;
using Crm.Testing;
using Crm.Testing.Conformance;

namespace Crm.Storage.Postgres.Tests;

[RequiresEnvironmentVariable(PostgresFixture.Variable, PostgresFixture.Reason)]
public sealed class PostgresActivityStoreTests(PostgresFixture fixture) : ActivityStoreConformanceTests, IClassFixture<PostgresFixture>
{
    protected override Task<IActivityStore> CreateStoreAsync() => Task.FromResult<IActivityStore>(new SqlActivityStore(fixture.Database));
}

[RequiresEnvironmentVariable(PostgresFixture.Variable, PostgresFixture.Reason)]
public sealed class PostgresCustomerStoreTests(PostgresFixture fixture) : CustomerStoreConformanceTests, IClassFixture<PostgresFixture>
{
    protected override Task<ICustomerStore> CreateStoreAsync() => Task.FromResult<ICustomerStore>(new SqlCustomerStore(fixture.Database));
}

public sealed class PostgresComplianceTests : CrmComplianceTestBase
{
    protected override Assembly TargetAssembly => typeof(PostgresComplianceTests).Assembly;
}

[RequiresEnvironmentVariable(PostgresFixture.Variable, PostgresFixture.Reason)]
public sealed class PostgresMembershipStoreTests(PostgresFixture fixture) : MembershipStoreConformanceTests, IClassFixture<PostgresFixture>
{
    protected override Task<Membership.IMembershipStore> CreateStoreAsync() => Task.FromResult<Membership.IMembershipStore>(new SqlMembershipStore(fixture.Database));
}

[RequiresEnvironmentVariable(PostgresFixture.Variable, PostgresFixture.Reason)]
public sealed class PostgresStoreBatchTests(PostgresFixture fixture) : StoreBatchConformanceTests, IClassFixture<PostgresFixture>
{
    protected override Task<(IStoreBatchFactory Batches, ICustomerStore Customers, IActivityStore Activity)> CreateStoresAsync() =>
        Task.FromResult<(IStoreBatchFactory, ICustomerStore, IActivityStore)>((fixture.Database, new SqlCustomerStore(fixture.Database), new SqlActivityStore(fixture.Database)));
}
