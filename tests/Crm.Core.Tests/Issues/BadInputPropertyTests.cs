using Crm.TestUtils;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Crm.Core.Tests.Issues;

/// <summary>Issue 20: the randomized bad-input run of <see cref="BadInputScenario"/> on the in-memory reference adapter.</summary>
public sealed class BadInputPropertyTests
{
    [Property(MaxTest = 40)]
    public Property BadInput_RefusedWithDocumentedCodeAndNothingWritten_OrAcceptedWithInvariants_Holds() =>
        Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), seed =>
        {
            using var crm = BadInputScenario.Create(_ => { });
            var failure = BadInputScenario.RunAsync(crm, seed, 40).GetAwaiter().GetResult();
            return (failure is null).Label(failure ?? string.Empty);
        });
}
