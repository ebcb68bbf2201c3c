namespace Crm.Segmentation.Tests;

/// <summary>Segment counts are a report: a small segment's count is withheld, its member list for targeting is not.</summary>
public sealed class SegmentCountSuppressionTests : SegmentationTestBase
{
    [Fact]
    public async Task Counts_DefaultMinimumOfTen_SuppressesSegmentsOfTwoAndFive()
    {
        var (crm, manager, _) = Create();
        using var _crm = crm;
        await FiveCustomersAsync(crm);
        await manager.RunAsync(AsOf);

        var counts = await manager.GetCountsAsync();

        // Five customers in all: every segment holds 1 to 5, fewer than 10.
        counts.Should().NotBeEmpty().And.OnlyContain(c => c.IsSuppressed && c.Customers == null);
        counts.Should().Contain(new SegmentCount("hibernating", null) { IsSuppressed = true }).And.Contain(new SegmentCount("loves-coffee", null) { IsSuppressed = true });
        counts.Select(c => c.Segment).Should().BeInAscendingOrder(StringComparer.Ordinal);
    }

    [Fact]
    public async Task Counts_MinimumOfThree_ShowsFiveAndSuppressesTwo()
    {
        var (crm, manager, _) = Create(minimumGroupSize: 3);
        using var _crm = crm;
        await FiveCustomersAsync(crm);
        await manager.RunAsync(AsOf);

        var counts = await manager.GetCountsAsync();

        // loves-coffee holds c1..c5 (5 ≥ 3); hibernating holds c4 and c5 (2 < 3), as do value-mid's two.
        counts.Should().Contain(new SegmentCount("loves-coffee", 5)).And.Contain(new SegmentCount("hibernating", null) { IsSuppressed = true }).And.Contain(new SegmentCount("value-mid", null) { IsSuppressed = true });
    }

    [Fact]
    public async Task Counts_MinimumOfFive_ShowsASegmentOfExactlyFive()
    {
        var (crm, manager, _) = Create(minimumGroupSize: 5);
        using var _crm = crm;
        await FiveCustomersAsync(crm);
        await manager.RunAsync(AsOf);

        (await manager.GetCountsAsync()).Should().Contain(new SegmentCount("loves-coffee", 5));
    }

    [Fact]
    public async Task ListCustomers_SuppressedSegment_StillListsItsMembersForTargeting()
    {
        var (crm, manager, _) = Create();
        using var _crm = crm;
        await FiveCustomersAsync(crm);
        await manager.RunAsync(AsOf);

        (await manager.ListCustomersAsync("hibernating")).Should().Equal(new CustomerId("c4"), new CustomerId("c5"));
    }
}
