using NodaTime;

namespace Crm.Segmentation.Tests;

public sealed class CdnowTests : SegmentationTestBase
{
    [Fact]
    public async Task Run_Cdnow_PinsRfmSegmentCounts()
    {
        var rows = SegmentationCdnow.Read();
        rows.Should().HaveCount(69_659);
        var asOf = new LocalDateTime(1998, 7, 1, 0, 0).InZoneStrictly(Shanghai).ToInstant();
        using var crm = TestCrm.Create(
            asOf,
            b => b.AddSegmentation(o => o.Policy = new SegmentationPolicy { Rfm = new RfmSettings { WindowMonths = 24 } }),
            o => o.EarliestFactInstant = Instant.FromUtc(1990, 1, 1, 0, 0)); // CDNOW is from 1997-98
        var manager = crm.Get<SegmentationManager>();
        await SegmentationCdnow.LoadAsync(crm.Manager, Shanghai, rows);

        var result = await manager.RunAsync(asOf);

        result.Customers.Should().Be(23_570);
        var counts = (await manager.GetCountsAsync()).ToDictionary(c => c.Segment, c => c.Customers!.Value);

        // Independent oracle from the raw file: recency = days from the last purchase date to 1998-07-01, frequency = rows,
        // monetary = sum of values; score = 1 + floor(5 × customers strictly worse / 23,570); cell → the default map.
        var customers = rows.GroupBy(r => r.CustomerId).Select(g => (
            Days: Period.DaysBetween(g.Max(r => r.Date), new LocalDate(1998, 7, 1)),
            Frequency: g.Count(),
            Money: g.Sum(r => r.Value))).ToList();
        var days = customers.Select(c => c.Days).Order().ToArray();
        var frequencies = customers.Select(c => c.Frequency).Order().ToArray();
        int Score(int worse) => 1 + (5 * worse / customers.Count);
        var map = RfmSettings.DefaultMap.SelectMany(s => s.Cells.Select(c => (c, s.Name))).ToDictionary(x => x.c, x => x.Name);
        var longerAgo = days.Distinct().ToDictionary(d => d, d => days.Length - days.Count(x => x <= d));
        var fewer = frequencies.Distinct().ToDictionary(f => f, f => frequencies.Count(x => x < f));
        var oracle = customers
            .GroupBy(c => map[$"{Score(longerAgo[c.Days])}{Score(fewer[c.Frequency])}"])
            .ToDictionary(g => g.Key, g => (long)g.Count());
        counts.Should().Equal(oracle);

        // Pinned: the R×F segments of the 23,570 CDNOW customers as of 1998-07-01 (sum 23,570). About half bought once, so
        // F = 1 (fewer = 0) holds them all and no customer lands in 51 (new customers) or 41 (promising): ties share a bin.
        counts.Should().Equal(new Dictionary<string, long>
        {
            ["about-to-sleep"] = 3339,
            ["at-risk"] = 867,
            ["cant-lose-them"] = 11,
            ["champions"] = 4135,
            ["hibernating"] = 8569,
            ["loyal-customers"] = 3322,
            ["need-attention"] = 960,
            ["potential-loyalists"] = 2367,
        });
    }
}
