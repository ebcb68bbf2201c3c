using System.Globalization;
using Crm.Campaigns.Internal;
using NodaTime;
using Xunit.Abstractions;

namespace Crm.Campaigns.Tests.Acceptance;

/// <summary>
/// Issue 23's A/A test: 200 campaigns over the CDNOW customers, each with its own salt and two untreated arms, judged on
/// whether a customer bought again after the 39-week calibration period. With nothing to find, a 95% interval must flag a
/// difference in about 5% of runs (2% to 8% accepted). The salts are fixed, so the count is the same on every run.
/// </summary>
public sealed class AaTests(ITestOutputHelper output)
{
    [Fact]
    public void Measure_200SaltsWithoutTreatment_FlagsSignificanceIn2To8PercentOfRuns()
    {
        var customers = Outcomes();
        var flaggedConversion = 0;
        var flaggedRevenue = 0;
        for (var run = 0; run < 200; run++)
        {
            var report = Measure(Campaign("aa-" + run.ToString(CultureInfo.InvariantCulture)), customers);
            var c = report.Comparisons.Single();
            flaggedConversion += c.ConversionUplift!.IsSignificant ? 1 : 0;
            flaggedRevenue += c.RevenuePerCustomerUplift!.IsSignificant ? 1 : 0;
        }

        output.WriteLine($"{customers.Count} customers; conversion flagged in {flaggedConversion}/200 runs, revenue per customer in {flaggedRevenue}/200.");
        flaggedConversion.Should().BeInRange(4, 16);
        flaggedRevenue.Should().BeInRange(4, 16);
    }

    [Fact]
    public async Task Measure_ThroughTheManager_EqualsTheMeasurementItRuns()
    {
        var customers = Outcomes();
        var campaign = Campaign("aa-0");
        using var world = CampaignWorld.Create();
        await world.Manager.DefineAsync(campaign);
        await world.Manager.ImportAssignmentsAsync(campaign.Id, customers.Select(o => new ExternalAssignment(
            o.CustomerId, campaign.ArmFor(o.CustomerId).Name, Instant.FromUtc(1997, 10, 1, 0, 0), campaign.ArmFor(o.CustomerId).Kind == CampaignArmKind.Holdout ? CampaignDeliveryStatus.HeldOut : CampaignDeliveryStatus.Delivered)));
        await world.Manager.ImportOutcomesAsync(campaign.Id, customers.Select(o => o with { CampaignId = campaign.Id }));

        var report = await world.Manager.MeasureAsync(campaign.Id);

        var direct = Measure(campaign, customers);
        report.Arms.Should().BeEquivalentTo(direct.Arms);
        report.Comparisons.Should().BeEquivalentTo(direct.Comparisons);
    }

    private static Campaign Campaign(string salt) => new()
    {
        Id = "aa-cdnow",
        Salt = salt,
        Start = new LocalDate(1997, 10, 1),
        End = new LocalDate(1997, 10, 1),
        Outcomes = CampaignOutcomeSource.Imported,
        Arms =
        [
            new CampaignArm { Name = "a", Kind = CampaignArmKind.Nothing, Weight = 1m },
            new CampaignArm { Name = "b", Kind = CampaignArmKind.Holdout, Weight = 1m },
        ],
    };

    private static CampaignReport Measure(Campaign campaign, IReadOnlyList<CampaignOutcome> customers)
    {
        var measurement = new CampaignMeasurement(campaign, Currency.CNY);
        foreach (var o in customers)
        {
            measurement.Add(measurement.IndexOf(campaign.ArmFor(o.CustomerId).Name), o.Purchases, o.Revenue.Amount, 0m);
        }

        return measurement.Report(Instant.FromUtc(1998, 7, 1, 0, 0), campaign.Window(DateTimeZone.Utc));
    }

    /// <summary>Every CDNOW customer's purchases and spend from 1997-10-01 to 1998-06-30 (the period after calibration); amounts in CNY for the test CRM.</summary>
    private static IReadOnlyList<CampaignOutcome> Outcomes() => File.ReadLines(TestData.Path("cdnow", "CDNOW_master.txt"))
        .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        .Where(f => f.Length == 4 && f[1].All(char.IsAsciiDigit))
        .Select(f => (Customer: f[0], Date: int.Parse(f[1], CultureInfo.InvariantCulture), Amount: decimal.Parse(f[3], CultureInfo.InvariantCulture)))
        .GroupBy(p => p.Customer)
        .Select(g =>
        {
            var later = g.Where(p => p.Date >= 19971001).ToArray();
            return new CampaignOutcome("aa-cdnow", new CustomerId("cdnow-" + g.Key), later.Length, new Money(later.Sum(p => p.Amount), Currency.CNY), new Money(0m, Currency.CNY));
        })
        .ToArray();
}
