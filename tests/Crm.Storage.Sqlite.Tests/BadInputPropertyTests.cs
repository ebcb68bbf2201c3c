using Crm.TestUtils;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Crm.Storage.Sqlite.Tests;

/// <summary>Issue 20: the randomized bad-input run of <see cref="BadInputScenario"/> on SQLite.</summary>
public sealed class SqliteBadInputPropertyTests(SqliteFixture fixture) : IClassFixture<SqliteFixture>
{
    [Property(MaxTest = 15)]
    public Property BadInput_RefusedWithDocumentedCodeAndNothingWritten_OrAcceptedWithInvariants_Holds() =>
        Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), seed =>
        {
            using var crm = BadInputScenario.Create(b => b.UseSqliteStorage(o => o.ConnectionString = fixture.ConnectionString));
            var failure = BadInputScenario.RunAsync(crm, seed, 40).GetAwaiter().GetResult();
            return (failure is null).Label(failure ?? string.Empty);
        });
}
