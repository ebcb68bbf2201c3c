using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Crm.Segmentation.Tests;

public sealed class SegmentationRunTests : SegmentationTestBase
{
    [Fact]
    public async Task Run_PublishesEnterThenLeaveEvents()
    {
        var (crm, manager, sink) = Create(new SegmentationPolicy { Rfm = new RfmSettings() });
        using var _crm = crm;
        await FiveCustomersAsync(crm);

        var first = await manager.RunAsync(AsOf);

        // One R×F segment each: 5 enters, no leaves.
        first.Entered.Should().Be(5);
        first.Left.Should().Be(0);
        var entered = sink.Events.OfType<SegmentEnteredEvent>().Single(e => e.CustomerId == new CustomerId("c1"));
        entered.Segment.Should().Be("champions");
        entered.EventId.Should().Be("segment:seg-2026-06-01T04:00:00Z:c1:enter:champions");

        // Sixty days later with no purchases c1 drifts: 61 days, still the most recent → R5, but c1's window purchases rank the same; c5 etc. unchanged.
        // Add a big new customer so c1 is no longer top on recency: new buys at 2026-07-30.
        crm.Clock.AdvanceDays(60);
        await BuyAsync(crm, "c6", 500m, "coffee", (2026, 7, 30), (2026, 7, 30), (2026, 7, 30), (2026, 7, 30), (2026, 7, 30));
        var later = Local(2026, 7, 31);
        var second = await manager.RunAsync(later);

        // n = 6: c1 now has 4 customers longer ago → R = 1 + floor(5 × 4 / 6) = 4; F: 4 fewer of 6 → 4: cell 44 loyal-customers.
        (await SegmentsOf(manager, "c1")).Rfm!.Cell.Should().Be("44");
        sink.Events.OfType<SegmentLeftEvent>().Should().ContainSingle(e => e.CustomerId == new CustomerId("c1") && e.Segment == "champions" && e.RunId == second.RunId);
        sink.Events.OfType<SegmentEnteredEvent>().Should().Contain(e => e.CustomerId == new CustomerId("c1") && e.Segment == "loyal-customers" && e.RunId == second.RunId);
        (await SegmentsOf(manager, "c1")).PreviousSegments.Should().Equal("champions");
    }

    [Fact]
    public async Task Run_InterruptedThenRestarted_EqualsCleanRun()
    {
        // Clean run on one CRM.
        var (cleanCrm, clean, cleanSink) = Create(pageSize: 2);
        using var _clean = cleanCrm;
        await FiveCustomersAsync(cleanCrm);
        await clean.RunAsync(AsOf);

        // Same data; the sink fails on c3's first event (page 2: c3, c4), after page 2 was saved.
        var sink = new RecordingSink { FailWhen = e => e.CustomerId == new CustomerId("c3") };
        var (crm, manager, _) = Create(pageSize: 2, sink: sink);
        using var _crm = crm;
        await FiveCustomersAsync(crm);
        var interrupted = () => manager.RunAsync(AsOf);
        await interrupted.Should().ThrowAsync<InvalidOperationException>();
        (await manager.GetRunAsync(AsOf))!.Cursor.Should().Be(new CustomerId("c2"));

        sink.FailWhen = null;
        await manager.RunAsync(AsOf);

        foreach (var c in new[] { "c1", "c2", "c3", "c4", "c5" })
        {
            (await SegmentsOf(manager, c) with { Version = 0 }).Should().Be(await SegmentsOf(clean, c) with { Version = 0 }, c);
        }

        // Page 2 was saved before the failure; the restart diffs against what customers had before the run, so no event is lost.
        sink.Events.Select(e => e.EventId).Distinct().Order().Should().Equal(cleanSink.Events.Select(e => e.EventId).Order());
        (await manager.GetRunAsync(AsOf))!.CompletedAt.Should().NotBeNull();
        (await manager.GetCountsAsync()).Should().Equal(await clean.GetCountsAsync());
    }

    [Fact]
    public async Task Run_ReportsProgressAndAnswersQueries()
    {
        // Exact counts: a group of one is shown (suppression has its own tests).
        var (crm, manager, _) = Create(pageSize: 2, minimumGroupSize: 1);
        using var _crm = crm;
        await FiveCustomersAsync(crm);
        var reports = new List<SegmentationProgress>();

        await manager.RunAsync(AsOf, new SynchronousProgress(reports.Add));

        // 5 customers in pages of 2: three statistics pages, three assignment pages, then completed.
        reports.Select(r => (r.Phase, r.Customers)).Should().Equal(
            (SegmentationPhase.Statistics, 2L), (SegmentationPhase.Statistics, 4L), (SegmentationPhase.Statistics, 5L),
            (SegmentationPhase.Assigning, 2L), (SegmentationPhase.Assigning, 4L), (SegmentationPhase.Assigning, 5L),
            (SegmentationPhase.Completed, 5L));
        (await manager.ListCustomersAsync("hibernating")).Should().Equal(new CustomerId("c4"), new CustomerId("c5"));
        (await manager.ListCustomersAsync("loves-coffee", limit: 3)).Should().HaveCount(3);
        (await manager.ListCustomersAsync("loves-coffee", new CustomerId("c3"), 3)).Should().Equal(new CustomerId("c4"), new CustomerId("c5"));
        var counts = await manager.GetCountsAsync();
        counts.Should().Contain(new SegmentCount("hibernating", 2)).And.Contain(new SegmentCount("loves-coffee", 5)).And.Contain(new SegmentCount("value-mid", 2));
        counts.Select(c => c.Segment).Should().BeInAscendingOrder(StringComparer.Ordinal);

        var provider = crm.Provider.GetRequiredService<ICustomerSegmentProvider>();
        (await provider.GetSegmentsAsync(new CustomerId("c1"))).Should().Contain(["champions", "value-high"]);
        (await provider.GetSegmentsAsync(new CustomerId("nobody"))).Should().BeEmpty();
    }

    [Fact]
    public async Task Run_SameAsOfAfterCompletion_DoesNothing()
    {
        var (crm, manager, sink) = Create();
        using var _crm = crm;
        await FiveCustomersAsync(crm);
        await manager.RunAsync(AsOf);
        var events = sink.Events.Count;

        var again = await manager.RunAsync(AsOf);

        again.Customers.Should().Be(0);
        sink.Events.Count.Should().Be(events);
    }

    [Fact]
    public async Task Run_OlderAsOfAfterNewer_LeavesNewerRecords()
    {
        var (crm, manager, _) = Create();
        using var _crm = crm;
        await FiveCustomersAsync(crm);
        await manager.RunAsync(AsOf);

        await manager.RunAsync(AsOf - Duration.FromDays(30));

        (await SegmentsOf(manager, "c1")).AsOf.Should().Be(AsOf);
    }

    [Fact]
    public async Task Options_BadPolicy_FailsAtStart()
    {
        var act = () => Create(new SegmentationPolicy { Rfm = new RfmSettings { Bins = 4 } });

        // The default map is for 5 bins; with 4 bins cells like "55" do not exist.
        act.Should().Throw<Microsoft.Extensions.Options.OptionsValidationException>().WithMessage("*$.rfm.map[0].cells[0]*");
    }

    private sealed class SynchronousProgress(Action<SegmentationProgress> report) : IProgress<SegmentationProgress>
    {
        public void Report(SegmentationProgress value) => report(value);
    }
}
