using Crm.Testing;
using Crm.Testing.Conformance;
using Xunit;

namespace Crm.Storage.Postgres.Tests;

[RequiresEnvironmentVariable(PostgresFixture.Variable, PostgresFixture.Reason)]
public sealed class PostgresConsentStoreTests(PostgresFixture fixture) : ConsentStoreConformanceTests, IClassFixture<PostgresFixture>
{
    protected override Task<IConsentStore> CreateStoreAsync() => Task.FromResult(fixture.Store<IConsentStore>());

    protected override Task<IStoreUnitOfWorkFactory> CreateUnitOfWorkFactoryAsync() => Task.FromResult(fixture.Units);
}
