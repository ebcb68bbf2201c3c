using Crm.Feedback.Internal;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;

namespace Crm.Feedback.Tests.Reports;

/// <summary>NPS and CSAT reports, checked against hand counts and an independent computation of the intervals.</summary>
public sealed class SatisfactionReportTests
{
    private const double Z = 1.959963984540054;

    private static int _next;

    private static async Task Respond(FeedbackWorld world, string store, Instant at, int? nps, int? csat = null) =>
        await world.Manager.RecordResponseAsync(new SurveyResponse { Id = $"r{Interlocked.Increment(ref _next)}", SurveyId = "s", StoreId = store, RespondedAt = at, Nps = nps, Csat = csat });

    /// <summary>The interval of a mean of answers scored +1, 0 and -1, from the answers themselves: mean ± z·sd/√n.</summary>
    private static (double Low, double High) MeanInterval(IReadOnlyList<int> scores)
    {
        var mean = scores.Average();
        var variance = scores.Sum(s => (s - mean) * (s - mean)) / scores.Count;
        var half = Z * Math.Sqrt(variance / scores.Count);
        return (100 * (mean - half), 100 * (mean + half));
    }

    /// <summary>The Wilson interval as the roots of (p̂ − p)² = z²·p(1 − p)/n, solved as a quadratic in p.</summary>
    private static (double Low, double High) WilsonRoots(int k, int n)
    {
        var phat = (double)k / n;
        var a = 1 + (Z * Z / n);
        var b = -((2 * phat) + (Z * Z / n));
        var c = phat * phat;
        var root = Math.Sqrt((b * b) - (4 * a * c));
        return (100 * (-b - root) / (2 * a), 100 * (-b + root) / (2 * a));
    }

    [Fact]
    public async Task Report_FiftyPromotersThirtyPassivesTwentyDetractors_IsNps30WithTheIndependentInterval()
    {
        using var world = FeedbackWorld.Create(new LocalDateTime(2026, 7, 1, 0, 0));
        var at = FeedbackWorld.Local(2026, 6, 10, 12, 0);
        var answers = Enumerable.Repeat(10, 25).Concat(Enumerable.Repeat(9, 25)).Concat(Enumerable.Repeat(8, 15)).Concat(Enumerable.Repeat(7, 15))
            .Concat(Enumerable.Repeat(6, 10)).Concat(Enumerable.Repeat(0, 10)).ToList();
        foreach (var (nps, i) in answers.Select((n, i) => (n, i)))
        {
            await Respond(world, "sh-001", at + Duration.FromMinutes(i), nps, csat: i % 5 == 0 ? 3 : 5);
        }

        var row = (await world.Manager.GetSatisfactionReportAsync(new FeedbackReportRequest { From = new LocalDate(2026, 6, 1), To = new LocalDate(2026, 6, 30) })).Should().ContainSingle().Subject;

        row.Should().BeEquivalentTo(new { StoreId = "sh-001", PeriodStart = new LocalDate(2026, 6, 1), Responses = 100 });
        row.Nps!.Should().BeEquivalentTo(new { Count = 100, Promoters = 50, Passives = 30, Detractors = 20 });
        row.Nps!.Score.Should().BeApproximately(30, 1e-9);
        var (low, high) = MeanInterval(answers.Select(n => n >= 9 ? 1 : n >= 7 ? 0 : -1).ToList());
        row.Nps.Low.Should().BeApproximately(low, 1e-9);
        row.Nps.High.Should().BeApproximately(high, 1e-9);

        // By hand: variance 0.5 + 0.2 - 0.09 = 0.61, half-width 196 × √0.0061 = 15.31.
        row.Nps.High.Should().BeApproximately(45.31, 0.01);

        // 20 answers of 3, 80 of 5: CSAT 80%.
        row.Csat!.Should().BeEquivalentTo(new { Count = 100, Satisfied = 80 });
        row.Csat!.Score.Should().BeApproximately(80, 1e-9);
        var (wLow, wHigh) = WilsonRoots(80, 100);
        row.Csat.Low.Should().BeApproximately(wLow, 1e-9);
        row.Csat.High.Should().BeApproximately(wHigh, 1e-9);
        row.Csat.Low.Should().BeApproximately(71.1, 0.05);
    }

    [Fact]
    public async Task Report_GroupSmallerThanMinimum_IsSuppressedAndTheRestShown()
    {
        using var world = FeedbackWorld.Create(new LocalDateTime(2026, 7, 1, 0, 0));
        var at = FeedbackWorld.Local(2026, 6, 10, 12, 0);
        for (var i = 0; i < 10; i++)
        {
            await Respond(world, "sh-001", at, 10, csat: i < 9 ? 5 : null);
            if (i < 9)
            {
                await Respond(world, "sh-002", at, 0);
            }
        }

        var rows = await world.Manager.GetSatisfactionReportAsync(new FeedbackReportRequest { From = new LocalDate(2026, 6, 1), To = new LocalDate(2026, 6, 30) });

        rows.Select(r => (r.StoreId, r.Responses, r.Nps?.Score, r.Csat?.Score)).Should().Equal(("sh-001", 10, 100.0, null), ("sh-002", 9, null, null));
    }

    [Fact]
    public async Task Report_ProgrammeMinimumGroupSize_LowersTheThreshold()
    {
        // CrmOptions.MinimumGroupSize = 9: sh-002's 9 NPS answers (all 0) now show; 9 CSAT answers of 5 show for sh-001.
        using var world = FeedbackWorld.Create(new LocalDateTime(2026, 7, 1, 0, 0), minimumGroupSize: 9);
        var at = FeedbackWorld.Local(2026, 6, 10, 12, 0);
        for (var i = 0; i < 10; i++)
        {
            await Respond(world, "sh-001", at, 10, csat: i < 9 ? 5 : null);
            if (i < 9)
            {
                await Respond(world, "sh-002", at, 0);
            }
        }

        var rows = await world.Manager.GetSatisfactionReportAsync(new FeedbackReportRequest { From = new LocalDate(2026, 6, 1), To = new LocalDate(2026, 6, 30) });

        rows.Select(r => (r.StoreId, r.Responses, r.Nps?.Score, r.Csat?.Score)).Should().Equal(("sh-001", 10, 100.0, 100.0), ("sh-002", 9, -100.0, null));
    }

    [Fact]
    public async Task Report_ByWeekInShanghai_PutsSundayNightAndMondayMorningInTheirLocalWeeks()
    {
        using var world = FeedbackWorld.Create(new LocalDateTime(2026, 7, 1, 0, 0), minimumGroupSize: 1);

        // Sunday 7 June 23:30 and Monday 8 June 00:30 in Shanghai: both on Sunday in UTC.
        await Respond(world, "sh-001", FeedbackWorld.Local(2026, 6, 7, 23, 30), 10);
        await Respond(world, "sh-001", FeedbackWorld.Local(2026, 6, 8, 0, 30), 0);

        var rows = await world.Manager.GetSatisfactionReportAsync(new FeedbackReportRequest { From = new LocalDate(2026, 6, 1), To = new LocalDate(2026, 6, 14), Period = ReportPeriod.Week });

        rows.Select(r => (r.PeriodStart, r.Nps!.Score)).Should().Equal((new LocalDate(2026, 6, 1), 100.0), (new LocalDate(2026, 6, 8), -100.0));
    }

    [Fact]
    public async Task Report_RangeInLocalDays_LeavesOutResponsesOutsideAndOtherStoresWhenAsked()
    {
        using var world = FeedbackWorld.Create(new LocalDateTime(2026, 7, 1, 0, 0), minimumGroupSize: 1);
        await Respond(world, "sh-001", FeedbackWorld.Local(2026, 5, 31, 23, 59), 0);
        await Respond(world, "sh-001", FeedbackWorld.Local(2026, 6, 1, 0, 0), 10);
        await Respond(world, "sh-001", FeedbackWorld.Local(2026, 6, 30, 23, 59), 9);
        await Respond(world, "sh-001", FeedbackWorld.Local(2026, 7, 1, 0, 0), 0);
        await Respond(world, "sh-002", FeedbackWorld.Local(2026, 6, 15, 0, 0), 0);

        var rows = await world.Manager.GetSatisfactionReportAsync(new FeedbackReportRequest { From = new LocalDate(2026, 6, 1), To = new LocalDate(2026, 6, 30), StoreId = "sh-001" });

        rows.Should().ContainSingle().Which.Nps!.Should().BeEquivalentTo(new { Count = 2, Score = 100.0 });
    }

    [Fact]
    public async Task Report_EndBeforeStart_IsRefused()
    {
        using var world = FeedbackWorld.Create(new LocalDateTime(2026, 7, 1, 0, 0));

        var act = () => world.Manager.GetSatisfactionReportAsync(new FeedbackReportRequest { From = new LocalDate(2026, 6, 2), To = new LocalDate(2026, 6, 1) });

        (await act.Should().ThrowAsync<CrmValidationException>()).Which.ErrorCode.Should().Be(FeedbackErrorCodes.ReportInvalid);
    }

    [Property(MaxTest = 1000)]
    public Property Nps_IsWithinBoundsAndInsideItsInterval_Holds(NonNegativeInt promoters, NonNegativeInt passives, NonNegativeInt detractors)
    {
        var (p, a, d) = (promoters.Get % 500, passives.Get % 500, detractors.Get % 500);
        if (p + a + d == 0)
        {
            return true.ToProperty();
        }

        var nps = SatisfactionMath.Nps(p, a, d);
        return (nps.Score is >= -100 and <= 100 && nps.Low >= -100 && nps.High <= 100 && nps.Low <= nps.Score + 1e-9 && nps.Score <= nps.High + 1e-9
            && Math.Abs(nps.Score - (100.0 * (p - d) / (p + a + d))) < 1e-9).Label($"{p}/{a}/{d}: {nps}");
    }

    [Property(MaxTest = 1000)]
    public Property Csat_WilsonMatchesTheQuadraticRoots_Holds(PositiveInt count, NonNegativeInt satisfied)
    {
        var n = (count.Get % 2000) + 1;
        var k = satisfied.Get % (n + 1);
        var csat = SatisfactionMath.Csat(k, n);
        var (low, high) = WilsonRoots(k, n);
        return (Math.Abs(csat.Low - Math.Max(0, low)) < 1e-6 && Math.Abs(csat.High - Math.Min(100, high)) < 1e-6 && csat.Low <= csat.Score + 1e-9 && csat.Score <= csat.High + 1e-9)
            .Label($"{k}/{n}: {csat} vs ({low}, {high})");
    }
}
