using Crm.Points;
using NodaTime;

namespace Crm.Simulation.Tests;

public sealed class SimulationRequestTests
{
    private static readonly LocalDate From = new(2026, 8, 1);
    private static readonly LocalDate To = new(2026, 9, 30);

    [Fact]
    public async Task Run_PeriodReversed_ThrowsPeriodReversedBeforeAnything()
    {
        await using var host = await SmallHost.CreateAsync();
        var progress = new List<SimulationProgress>();

        var act = () => host.Simulation.RunAsync(new SimulationRequest { From = To, To = From }, new SyncProgress(progress));

        (await act.Should().ThrowAsync<CrmValidationException>()).Which.ErrorCode.Should().Be(SimulationErrorCodes.PeriodReversed);
        progress.Should().BeEmpty();
    }

    [Fact]
    public async Task Run_CandidateForPackageNotInstalled_ThrowsPackageNotInstalled()
    {
        await using var host = await SmallHost.CreateAsync(allPackages: false);
        var candidate = new SimulationCandidate { Name = "churn", ChurnPolicy = Churn.ChurnPolicy.FromJson("""{ "levels": { "watch": 0.3, "warning": 0.5, "critical": 0.75 } }""") };

        var act = () => host.Simulation.RunAsync(new SimulationRequest { From = From, To = To, Candidates = [candidate] });

        (await act.Should().ThrowAsync<CrmValidationException>()).Which.ErrorCode.Should().Be(SimulationErrorCodes.PackageNotInstalled);
    }

    [Theory]
    [InlineData("baseline")]
    [InlineData(" ")]
    [InlineData("twice")]
    public async Task Run_CandidateNameMissingReservedOrRepeated_ThrowsCandidateInvalid(string name)
    {
        await using var host = await SmallHost.CreateAsync();
        var candidates = new List<SimulationCandidate> { new() { Name = name, EarnRules = Hosts.Earn(2) } };
        if (name == "twice")
        {
            candidates.Add(new() { Name = "TWICE", EarnRules = Hosts.Earn(3) });
        }

        var act = () => host.Simulation.RunAsync(new SimulationRequest { From = From, To = To, Candidates = candidates });

        (await act.Should().ThrowAsync<CrmValidationException>()).Which.ErrorCode.Should().Be(SimulationErrorCodes.CandidateInvalid);
    }

    [Fact]
    public async Task Run_CandidateChangingNothing_ThrowsCandidateInvalid()
    {
        await using var host = await SmallHost.CreateAsync();

        var act = () => host.Simulation.RunAsync(new SimulationRequest { From = From, To = To, Candidates = [new() { Name = "same" }] });

        (await act.Should().ThrowAsync<CrmValidationException>()).Which.ErrorCode.Should().Be(SimulationErrorCodes.CandidateInvalid);
    }

    [Fact]
    public async Task Run_CandidateRulesFailTheirPackagesChecks_ThrowsCandidateRulesInvalid()
    {
        await using var host = await SmallHost.CreateAsync();

        // The churn policy's win-back coupon names a template the candidate's coupons no longer have.
        var candidate = new SimulationCandidate { Name = "no templates", CouponTemplates = [] };

        var act = () => host.Simulation.RunAsync(new SimulationRequest { From = From, To = To, Candidates = [candidate] });

        (await act.Should().ThrowAsync<CrmValidationException>()).Which.ErrorCode.Should().Be(SimulationErrorCodes.CandidateRulesInvalid);
    }

    [Fact]
    public async Task Run_BadCustomerFilters_ThrowCustomerFilterInvalid()
    {
        await using var host = await SmallHost.CreateAsync();
        foreach (var filter in new[] { SimulationCustomers.Sample(0, 1), SimulationCustomers.Sample(1.5, 1), SimulationCustomers.Explicit([]), SimulationCustomers.InSegment(" ") })
        {
            var act = () => host.Simulation.RunAsync(new SimulationRequest { From = From, To = To, Customers = filter });

            (await act.Should().ThrowAsync<CrmValidationException>()).Which.ErrorCode.Should().Be(SimulationErrorCodes.CustomerFilterInvalid);
        }
    }

    [Fact]
    public async Task Run_CancelledToken_ThrowsOperationCanceled()
    {
        await using var host = await SmallHost.CreateAsync();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var act = () => host.Simulation.RunAsync(new SimulationRequest { From = From, To = To, Candidates = [new() { Name = "x2", EarnRules = Hosts.Earn(2) }] }, null, cancelled.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public async Task Run_CancelledDuringReplay_ThrowsOperationCanceled()
    {
        await using var host = await SmallHost.CreateAsync();
        using var cancel = new CancellationTokenSource();

        // Cancelled from the first progress report of the period, part-way through the first scenario.
        var progress = new SyncProgress(p =>
        {
            if (p.Phase == SimulationPhase.Period)
            {
                cancel.Cancel();
            }
        });
        var act = () => host.Simulation.RunAsync(new SimulationRequest { From = From, To = To }, progress, cancel.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
    }

    /// <summary>Reports synchronously on the caller's thread (System.Progress posts to the thread pool, so tests would race).</summary>
    internal sealed class SyncProgress(Action<SimulationProgress> report) : IProgress<SimulationProgress>
    {
        public SyncProgress(List<SimulationProgress> list)
            : this(list.Add)
        {
        }

        public void Report(SimulationProgress value) => report(value);
    }
}
