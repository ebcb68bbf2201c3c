namespace Crm.Reliability.Tests;

/// <summary>
/// Stores that fail a random fraction of calls, before the work or after it (the answer lost): a caller that retries
/// each operation until it succeeds ends with exactly the state of a run without faults.
/// </summary>
public sealed class FaultInjectionTests
{
    [Theory]
    [InlineData(1, 0.2)]
    [InlineData(2, 0.5)]
    public async Task RetriedOperations_UnderStoreFaults_EndInTheFaultFreeState(int seed, double faultRate)
    {
        const int Operations = 300, Customers = 15;
        var run = $"fault{seed}";

        // Every operation once, then a replay of every seventh, as a till retrying after a timeout would.
        var numbers = Enumerable.Range(0, Operations).ToList();
        numbers.AddRange(numbers.Where(n => n % 7 == 0).ToList());
        var faults = new FaultInjector(seed, faultRate);

        var clean = await ReferenceRun.StateAsync(run, numbers, Customers);
        var faulty = await ReferenceRun.StateAsync(run, numbers, Customers, faults);

        faults.Retries.Should().BeGreaterThan(0, "faults were injected");
        faults.LostAnswers.Should().BeGreaterThan(0, "some work was done but its answer was lost");
        faulty.Should().BeEquivalentTo(clean, o => o.WithStrictOrdering());
        Invariants.ShouldHoldExactly(clean, Invariants.Purchases(run, numbers, Customers));
        clean.Redemptions.Should().NotBeEmpty();
        clean.Coupons.Should().Contain(k => k != null);
    }
}
