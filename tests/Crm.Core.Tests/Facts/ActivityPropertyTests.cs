using Crm.TestUtils;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;

namespace Crm.Core.Tests.Facts;

public sealed class ActivityPropertyTests
{
    [Property(MaxTest = 150)]
    public Property IncrementalMetrics_EqualRecomputation_Holds() =>
        Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), Gen.Choose(1, 40).ToArbitrary(), (seed, steps) =>
        {
            using var crm = TestCrm.Create(ActivityScenario.Start + Duration.FromDays(400));
            return ActivityScenario.RunAsync(crm, seed, steps).GetAwaiter().GetResult();
        });
}
