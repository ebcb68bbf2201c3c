using System.Diagnostics;
using Crm.Points;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Xunit.Abstractions;

namespace Crm.Simulation.Tests;

/// <summary>Issue 24's acceptance on the CDNOW log.</summary>
public sealed class CdnowReplayTests(CdnowFixture cdnow, ITestOutputHelper output) : IClassFixture<CdnowFixture>
{
    [Fact]
    public async Task Baseline_WholeCdnowLogFromASecondPeriodStart_ReproducesLiveStateExactly()
    {
        var live = await Hosts.DumpAsync(cdnow.Host);
        var simulation = cdnow.Host.GetRequiredService<SimulationManager>();
        SortedDictionary<string, string>? replayed = null;
        simulation.InspectWorld = async (_, world) => replayed = await Hosts.DumpAsync(world);
        var started = Stopwatch.GetTimestamp();

        // The period starts in the log's 10th month: nine months are replayed as the warm-up, the rest as the period.
        var report = await simulation.RunAsync(new SimulationRequest { From = new LocalDate(1997, 10, 1), To = CdnowFixture.Last });

        output.WriteLine($"live load {cdnow.LoadTime.TotalSeconds:F1} s; replay {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s");
        report.Baseline.FactsReplayed.Should().Be(69_659);
        report.Baseline.Customers.Should().Be(23_570);
        live.Should().HaveCount(23_570);
        replayed.Should().NotBeNull();
        replayed!.Keys.Should().Equal(live.Keys);
        var different = live.Where(c => replayed[c.Key] != c.Value).Select(c => c.Key).ToList();
        if (different.Count > 0)
        {
            output.WriteLine(live[different[0]]);
            output.WriteLine(replayed[different[0]]);
        }

        different.Should().BeEmpty("every balance, lot, ledger entry, tier, metric, churn assessment and segment of the replay equals the live state");
        var liability = await cdnow.Host.GetRequiredService<PointsManager>().GetLiabilityAsync();
        report.Baseline.PointsByMonth[^1].Outstanding.Should().Be(liability.OutstandingPoints.Value);
        report.Baseline.SegmentsAtEnd.Values.Sum().Should().Be(23_570);
    }

    [Fact]
    public async Task Candidates_WholeLog_DoubledRateWednesdayMemberDayAndHigherThresholds_MatchDirectCounts()
    {
        var simulation = cdnow.Host.GetRequiredService<SimulationManager>();
        var started = Stopwatch.GetTimestamp();
        var report = await simulation.RunAsync(new SimulationRequest
        {
            From = CdnowFixture.First,
            To = CdnowFixture.Last,
            Candidates =
            [
                new SimulationCandidate { Name = "double", EarnRules = Hosts.Earn(rate: 2) },
                new SimulationCandidate { Name = "wednesday", EarnRules = Hosts.Earn(memberDay: "wednesday") },
                new SimulationCandidate { Name = "thresholds+20%", TierPolicy = Hosts.Tiers(silverVisits: 6, goldSpend: 600) },
            ],
        });
        output.WriteLine($"4 scenarios in {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s");

        // Direct counts from the raw rows: the amount paid times the rate, doubled on the member day, rounded down per purchase.
        long Points(decimal rate, IsoDayOfWeek memberDay) => cdnow.Purchases.Sum(p =>
            (long)decimal.Floor(p.Row.Value * rate * (p.At.InZone(Hosts.Shanghai).DayOfWeek == memberDay ? 2 : 1)));
        var baseline = report.Scenarios.Single(s => s.Name == "baseline");
        var doubled = report.Scenarios.Single(s => s.Name == "double");
        var wednesday = report.Scenarios.Single(s => s.Name == "wednesday");
        baseline.NetPointsIssued.Should().Be(Points(1, IsoDayOfWeek.Tuesday));
        doubled.NetPointsIssued.Should().Be(Points(2, IsoDayOfWeek.Tuesday));

        // Doubling the rate doubles the points within one point of rounding per purchase.
        var slack = (long)cdnow.Purchases.Count;
        (doubled.NetPointsIssued - (2 * baseline.NetPointsIssued)).Should().BeInRange(0, slack);
        output.WriteLine($"baseline {baseline.NetPointsIssued:N0} pts, doubled {doubled.NetPointsIssued:N0} pts (2x = {2 * baseline.NetPointsIssued:N0}, slack {slack:N0})");

        // Moving the member day moves exactly the Tuesday bonus out and the Wednesday bonus in.
        long Bonus(IsoDayOfWeek day) => cdnow.Purchases.Where(p => p.At.InZone(Hosts.Shanghai).DayOfWeek == day)
            .Sum(p => (long)decimal.Floor(p.Row.Value * 2) - (long)decimal.Floor(p.Row.Value));
        wednesday.NetPointsIssued.Should().Be(Points(1, IsoDayOfWeek.Wednesday));
        (baseline.NetPointsIssued - wednesday.NetPointsIssued).Should().Be(Bonus(IsoDayOfWeek.Tuesday) - Bonus(IsoDayOfWeek.Wednesday));
        output.WriteLine($"Tuesday bonus {Bonus(IsoDayOfWeek.Tuesday):N0} pts, Wednesday bonus {Bonus(IsoDayOfWeek.Wednesday):N0} pts");
        var comparison = report.Comparisons.Single(c => c.Candidate == "wednesday");
        comparison.PointsIssuedDelta.Should().Be(wednesday.NetPointsIssued - baseline.NetPointsIssued);
        comparison.Gainers.Should().NotBeEmpty();
        comparison.Gainers[0].Explanation.Should().Contain(e => e.Contains("wednesday member day", StringComparison.Ordinal));
        comparison.Losers[0].Explanation.Should().Contain(e => e.Contains("tuesday member day", StringComparison.Ordinal));

        // Tiers: the highest tier whose threshold the customer's window totals (here: everything, 24 months) meet.
        Dictionary<string, int> Direct(int visits, decimal spend) => cdnow.Rows.GroupBy(r => r.CustomerId)
            .Select(g => g.Sum(r => r.Value) >= spend ? "gold" : g.Count() >= visits ? "silver" : "member")
            .GroupBy(t => t).ToDictionary(t => t.Key, t => t.Count());
        baseline.TiersAtEnd.Should().Equal(Direct(5, 500));
        var raised = report.Scenarios.Single(s => s.Name == "thresholds+20%");
        raised.TiersAtEnd.Should().Equal(Direct(6, 600));
        output.WriteLine("tiers baseline " + string.Join(", ", baseline.TiersAtEnd) + "; +20% " + string.Join(", ", raised.TiersAtEnd));
        raised.TierMoves.Upgrades.Should().BeLessThan(baseline.TierMoves.Upgrades);
        report.Comparisons.Single(c => c.Candidate == "thresholds+20%").Losers.Should().OnlyContain(l => l.Explanation.Any(e => e.StartsWith("baseline tier:", StringComparison.Ordinal)));
    }
}
