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

[RequiresEnvironmentVariable(PostgresFixture.Variable, PostgresFixture.Reason)]
public sealed class PostgresBatchScenarioTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    [ConformanceFact]
    public async Task FailedWriteInBatch_UndoesItsPartialWrite_KeepsTheOtherCalls()
    {
        var (conflict, retried, account, customer) = await Crm.TestUtils.BatchScenarios.FailedWriteInBatchAsync(b => b.UsePostgresStorage(o => o.ConnectionString = PostgresFixture.ConnectionString));

        conflict.Should().BeTrue();
        retried.Appended.Should().BeTrue("the failed write's key row was undone with it");
        account!.Version.Should().Be(1);
        customer.Should().NotBeNull();
    }

    /// <summary>A statement the server rejects aborts a PostgreSQL transaction; in a batch it fails only its own call.</summary>
    [ConformanceFact]
    public async Task ServerErrorInBatch_FailsOnlyItsCall()
    {
        var customers = new SqlCustomerStore(fixture.Database);
        var before = NewProfile("before");
        var failing = NewProfile("failing") with { Name = "nul\0name" };
        var after = NewProfile("after");

        await using (await fixture.Database.BeginBatchAsync())
        {
            await customers.CreateAsync(before);
            await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => customers.CreateAsync(failing));
            await customers.CreateAsync(after);
        }

        (await customers.FindAsync(before.Id)).Should().NotBeNull();
        (await customers.FindAsync(failing.Id)).Should().BeNull();
        (await customers.FindAsync(after.Id)).Should().NotBeNull();
    }

    /// <summary>A batch whose transaction is lost (here: a call's own savepoint released, then an error) loses all its calls, refuses more and fails its dispose.</summary>
    [ConformanceFact]
    public async Task LostTransactionInBatch_RefusesMoreCalls_DisposeThrows_KeepsNothing()
    {
        var customers = new SqlCustomerStore(fixture.Database);
        var before = NewProfile("lost-before");
        var after = NewProfile("lost-after");

        var batch = await fixture.Database.BeginBatchAsync();
        await customers.CreateAsync(before);
        var session = await fixture.Database.OpenAsync(default);
        await using (var sabotage = session.Connection.CreateCommand())
        {
            sabotage.CommandText = "RELEASE SAVEPOINT crm_call";
            await sabotage.ExecuteNonQueryAsync();
            sabotage.CommandText = "SELECT 1 / 0";
            await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => sabotage.ExecuteNonQueryAsync());
        }

        await fixture.Database.ReturnAsync(session);

        var next = () => customers.CreateAsync(after);
        await next.Should().ThrowAsync<InvalidOperationException>().WithMessage("*transaction is lost*");
        var dispose = async () => await batch.DisposeAsync();
        await dispose.Should().ThrowAsync<InvalidOperationException>().WithMessage("*not committed*");
        (await customers.FindAsync(before.Id)).Should().BeNull("a lost batch loses all its calls; the host retries them");
        (await customers.FindAsync(after.Id)).Should().BeNull();
    }

    private static CustomerProfile NewProfile(string prefix) =>
        new() { Id = Crm.Testing.Fakes.ActivityEntries.NewCustomerId(prefix), JoinedAt = NodaTime.Instant.FromUtc(2026, 1, 1, 0, 0) };
}
