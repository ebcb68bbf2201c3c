using System.Text.Json;
using Crm.Points;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Crm.Simulation.Tests;

public sealed class SimulationReplayTests
{
    private static readonly LocalDate From = new(2026, 8, 1);
    private static readonly LocalDate To = new(2026, 9, 30);

    [Fact]
    public async Task Baseline_PurchasesAndRefundsByLinesAndAmount_ReproducesLiveState()
    {
        await using var host = await SmallHost.CreateAsync();
        var live = await Hosts.DumpAsync(host.Services);
        SortedDictionary<string, string>? replayed = null;
        host.Simulation.InspectWorld = async (_, world) => replayed = await Hosts.DumpAsync(world);

        var report = await host.Simulation.RunAsync(new SimulationRequest { From = From, To = To });

        replayed.Should().NotBeNull();
        foreach (var (customer, state) in live)
        {

            replayed![customer].Split('\n').Should().Equal(state.Split('\n'), "customer {0}'s replayed state equals the live one", customer);
        }

        replayed!.Keys.Should().Equal(live.Keys);
        report.Baseline.PointsByMonth.Select(m => m.Month).Should().Equal(new YearMonth(2026, 8), new YearMonth(2026, 9));
        report.Baseline.PointsByMonth[1].Reversed.Should().BePositive("the two September refunds took points back");
        var liability = await host.Services.GetRequiredService<PointsManager>().GetLiabilityAsync();
        report.Baseline.PointsByMonth[^1].Outstanding.Should().Be(liability.OutstandingPoints.Value);
        report.Baseline.PointsByMonth[^1].Liability.Should().Be(liability.Value);
    }

    [Fact]
    public async Task Run_HostHoldsAFittedChurnModel_WorldsStartWithIt()
    {
        // The churn manager keeps its fitted model in memory, outside its store: hidden state a world must be given.
        await using var host = await SmallHost.CreateAsync();
        var churn = host.Services.GetRequiredService<Churn.ChurnManager>();
        var model = await churn.FitModelAsync(SmallHost.At(10, 1, 0));
        var seen = new List<object?>();
        host.Simulation.InspectWorld = (_, world) =>
        {
            seen.Add(world.GetRequiredService<Churn.ChurnManager>().Model);
            return Task.CompletedTask;
        };

        await host.Simulation.RunAsync(new SimulationRequest { From = From, To = To, Candidates = [new() { Name = "x2", EarnRules = Hosts.Earn(2) }] });

        seen.Should().HaveCount(2).And.OnlyContain(m => ReferenceEquals(m, model));
    }

    [Fact]
    public async Task Run_PeriodOfTwoMonths_CountsOnlyThePeriodAndWarmsUpOnTheRest()
    {
        await using var host = await SmallHost.CreateAsync();
        var all = await host.Simulation.RunAsync(new SimulationRequest { From = new LocalDate(2026, 7, 1), To = To });
        var part = await host.Simulation.RunAsync(new SimulationRequest { From = From, To = To });

        part.Baseline.FactsReplayed.Should().Be(all.Baseline.FactsReplayed);
        part.Baseline.FactsInPeriod.Should().BeLessThan(all.Baseline.FactsInPeriod);
        all.Baseline.PointsByMonth.Skip(1).Should().Equal(part.Baseline.PointsByMonth, "the months of the shorter period are the same replay");
    }

    [Fact]
    public async Task Run_Candidate_ReportsProgressForEveryScenarioAndPhase()
    {
        await using var host = await SmallHost.CreateAsync();
        var progress = new List<SimulationProgress>();

        await host.Simulation.RunAsync(
            new SimulationRequest { From = From, To = To, Candidates = [new() { Name = "x2", EarnRules = Hosts.Earn(2) }] },
            new SimulationRequestTests.SyncProgress(progress));

        progress.Select(p => (p.Scenario, p.Phase)).Distinct().Should().Equal(
            ("baseline", SimulationPhase.Warmup), ("baseline", SimulationPhase.Period), ("baseline", SimulationPhase.Report),
            ("x2", SimulationPhase.Warmup), ("x2", SimulationPhase.Period), ("x2", SimulationPhase.Report));
        progress.Should().OnlyContain(p => p.ScenarioCount == 2);
        progress.Where(p => p.Scenario == "x2").Select(p => p.FactsReplayed).Should().BeInAscendingOrder();
    }

    [Fact]
    public async Task Run_CustomerFilters_ReplayOnlyTheirCustomers()
    {
        await using var host = await SmallHost.CreateAsync();

        var two = await host.Simulation.RunAsync(new SimulationRequest { From = From, To = To, Customers = SimulationCustomers.Explicit([new CustomerId("c1"), new CustomerId("c4")]) });
        var sample = await host.Simulation.RunAsync(new SimulationRequest { From = From, To = To, Customers = SimulationCustomers.Sample(0.5, 7) });
        var again = await host.Simulation.RunAsync(new SimulationRequest { From = From, To = To, Customers = SimulationCustomers.Sample(0.5, 7) });

        two.Baseline.Customers.Should().Be(2);
        sample.Baseline.Customers.Should().BeInRange(1, 5);
        again.Baseline.Should().BeEquivalentTo(sample.Baseline, "the same seed keeps the same customers");
    }

    [Fact]
    public async Task Run_SegmentFilter_ReplaysTheSegmentsCustomers()
    {
        await using var host = await SmallHost.CreateAsync();

        // The store's exact counts: the manager's report withholds this small host's segments.
        var counts = await host.Services.GetRequiredService<Segmentation.ISegmentStore>().CountAsync();
        var segment = counts.OrderByDescending(c => c.Customers).First();

        var report = await host.Simulation.RunAsync(new SimulationRequest { From = From, To = To, Customers = SimulationCustomers.InSegment(segment.Segment) });

        report.Baseline.Customers.Should().Be((int)segment.Customers!.Value);
    }

    [Fact]
    public async Task Run_MemberDayMoved_ReportsGainersAndLosersWithTheRulesExplanations()
    {
        await using var host = await SmallHost.CreateAsync();

        var report = await host.Simulation.RunAsync(new SimulationRequest
        {
            From = From,
            To = To,
            TopCustomers = 3,
            Candidates = [new() { Name = "wednesday", EarnRules = Hosts.Earn(memberDay: "wednesday") }],
        });

        var comparison = report.Comparisons.Should().ContainSingle().Subject;
        comparison.Gainers.Count.Should().BeLessThanOrEqualTo(3);
        (comparison.Gainers.Count + comparison.Losers.Count).Should().BePositive();
        comparison.Gainers.Should().OnlyContain(g => g.PointsDelta > 0 && g.Explanation.Any(e => e.Contains("wednesday member day", StringComparison.Ordinal)));
        comparison.Losers.Should().OnlyContain(l => l.PointsDelta < 0 && l.Explanation.Any(e => e.Contains("tuesday member day", StringComparison.Ordinal)));
        comparison.PointsIssuedDelta.Should().Be(report.Scenarios[1].NetPointsIssued - report.Baseline.NetPointsIssued);
    }

    [Fact]
    public async Task Run_InChinese_ExplainsGainersAndLosersInChinese()
    {
        await using var host = await SmallHost.CreateAsync(b => b.UseInMemoryStorage().Services.Configure<CrmOptions>(o => o.Culture = System.Globalization.CultureInfo.GetCultureInfo("zh-CN")));

        var report = await host.Simulation.RunAsync(new SimulationRequest
        {
            From = From,
            To = To,
            Candidates = [new() { Name = "wednesday", EarnRules = Hosts.Earn(memberDay: "wednesday") }],
        });

        // The packages' own labels in the world (the earn rule is named by the host, so only the frame is translated).
        var gainer = report.Comparisons.Single().Gainers[0];
        gainer.Explanation[0].Should().StartWith("现行规则积分：基础积分 每1元1分：+");
        gainer.Explanation[1].Should().StartWith("wednesday积分：").And.Contain("wednesday member day：+");
    }

    [Fact]
    public async Task ToString_Report_PrintsListsByTheirItems()
    {
        await using var host = await SmallHost.CreateAsync();
        var report = await host.Simulation.RunAsync(new SimulationRequest { From = From, To = To, Candidates = [new() { Name = "x2", EarnRules = Hosts.Earn(2) }] });

        var text = report.ToString();

        text.Should().StartWith("2026-08-01..2026-09-30 (Asia/Shanghai)").And.Contain("baseline: ").And.Contain("x2: +").And.Contain("tiers [member=").And.NotContain("System.Collections");
    }

    [Fact]
    public async Task ToJson_Report_WritesEveryScenarioComparisonAndAssumption()
    {
        await using var host = await SmallHost.CreateAsync();
        var report = await host.Simulation.RunAsync(new SimulationRequest { From = From, To = To, Candidates = [new() { Name = "x2", EarnRules = Hosts.Earn(2) }] });

        using var json = JsonDocument.Parse(report.ToJson());

        var root = json.RootElement;
        root.GetProperty("from").GetString().Should().Be("2026-08-01");
        root.GetProperty("timeZone").GetString().Should().Be("Asia/Shanghai");
        root.GetProperty("scenarios").GetArrayLength().Should().Be(2);
        var month = root.GetProperty("scenarios")[1].GetProperty("pointsByMonth")[0];
        month.GetProperty("month").GetString().Should().Be("2026-08");
        month.GetProperty("issued").GetInt64().Should().Be(report.Scenarios[1].PointsByMonth[0].Issued);
        root.GetProperty("comparisons")[0].GetProperty("candidate").GetString().Should().Be("x2");
        root.GetProperty("assumptions").GetArrayLength().Should().Be(report.Assumptions.Count);
    }
}
