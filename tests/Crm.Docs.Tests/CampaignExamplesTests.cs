using System.Globalization;
using Crm.Campaigns;
using NodaTime;

namespace Crm.Docs.Tests;

/// <summary>The worked campaign example of docs/rules-reference.md: the split of 100,000 customers and the window the text gives.</summary>
public sealed class CampaignExamplesTests
{
    [Fact]
    public void SpringLatte_100000Customers_SplitAbout45_45_10()
    {
        var campaign = RulesReference.Load<Campaign>("spring-latte");

        var counts = Enumerable.Range(0, 100_000)
            .Select(i => campaign.ArmFor(new CustomerId("c" + i.ToString(CultureInfo.InvariantCulture))).Name)
            .GroupBy(n => n)
            .ToDictionary(g => g.Key, g => g.Count());

        counts["latte-5-off"].Should().BeCloseTo(45_000, 1_000);
        counts["message"].Should().BeCloseTo(45_000, 1_000);
        counts["holdout"].Should().BeCloseTo(10_000, 1_000);
        campaign.End.PlusDays(campaign.AttributionDays).Should().Be(new LocalDate(2027, 3, 21));
    }
}
