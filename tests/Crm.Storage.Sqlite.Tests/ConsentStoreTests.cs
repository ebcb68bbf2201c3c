using Crm.Testing.Conformance;
using Xunit;

namespace Crm.Storage.Sqlite.Tests;

public sealed class SqliteConsentStoreTests(SqliteFixture fixture) : ConsentStoreConformanceTests, IClassFixture<SqliteFixture>
{
    protected override Task<IConsentStore> CreateStoreAsync() => Task.FromResult(fixture.Store<IConsentStore>());

    protected override Task<IStoreUnitOfWorkFactory> CreateUnitOfWorkFactoryAsync() => Task.FromResult(fixture.Units);
}
