using System.Text.Json;
using System.Text.Json.Nodes;
using Crm.Baskets;
using Crm.Campaigns;
using Crm.Churn;
using Crm.Coupons;
using Crm.Feedback;
using Crm.Membership;
using Crm.Points;
using Crm.Segmentation;
using Crm.TestUtils;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using static Crm.TestUtils.Facts;

namespace Crm.Core.Tests;

/// <summary>Issue 26: a customer's data export reaches every store of every installed package.</summary>
public sealed class CustomerDataExportTests
{
    [Fact]
    public void EveryRegisteredStore_IsNamedByADataContributor_AndSectionsAreUnique()
    {
        var services = new ServiceCollection();
        services.AddCrm(o => (o.Currency, o.TimeZone) = (Currency.CNY, TestCrm.Shanghai)).UseInMemoryStorage()
            .AddPoints(_ => { }).AddMembership(_ => { }).AddCoupons(_ => { }).AddSegmentation().AddChurn(_ => { }).AddBaskets().AddFeedback().AddCampaigns();
        using var provider = services.BuildServiceProvider();

        // Every store interface a package registers (ICustomerStore, IPointsLedgerStore, ...): a package whose store no
        // contributor names would be left out of every export.
        var stores = services.Select(d => d.ServiceType)
            .Where(t => t.IsInterface && t.Namespace?.StartsWith("Crm", StringComparison.Ordinal) == true && t.Name.EndsWith("Store", StringComparison.Ordinal))
            .Distinct()
            .ToList();
        var contributors = provider.GetServices<ICustomerDataContributor>().ToList();

        stores.Should().HaveCountGreaterThanOrEqualTo(10);
        stores.Except(contributors.SelectMany(c => c.Stores)).Should().BeEmpty("every registered store needs a contributor that exports it");
        contributors.Select(c => c.Section).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task Export_EqualsWhatTheStoresReturn_AndAnUnknownCustomerHasNoSections()
    {
        using var crm = TestCrm.Create(Local(2026, 6, 1), b => b
            .AddPoints(o => o.Rules = new EarnRules { PointsPerUnit = 1m })
            .AddMembership(o => o.Policy = new TierPolicy
            {
                Window = new CalendarYearWindow(),
                Tiers = [new TierDefinition { Name = "green" }, new TierDefinition { Name = "silver", Thresholds = [new TierThreshold { Metric = TierMetric.NetSpend, Minimum = 50m }] }],
            })
            .AddChurn(o => (o.Policy, o.RefitModelOnRun) = (new ChurnPolicy(), false)));
        var customer = new CustomerId("c-export");
        await crm.Manager.RegisterCustomerAsync(new CustomerProfile { Id = customer, JoinedAt = Local(2026, 4, 1), Name = "Li Lei", Phone = "13800000000" });
        await crm.Manager.GrantAsync(customer, ContactChannels.Sms);
        await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "c-export", Local(2026, 5, 1, 9), Line("1", 30m)));
        await crm.Manager.RecordPurchaseAsync(Purchase("p-2", "c-export", Local(2026, 5, 9, 9), Line("1", 40m)));
        await crm.Get<ChurnManager>().AssessAsync(customer);

        var export = await crm.Manager.ExportCustomerDataAsync(customer);
        var document = JsonNode.Parse(export.ToJson())!;

        export.Sections.Keys.Should().BeEquivalentTo("core", "points", "membership", "churn");
        Same(document["sections"]!["core"]!["profile"], await crm.Get<ICustomerStore>().FindAsync(customer));
        Same(document["sections"]!["core"]!["consents"], await crm.Get<IConsentStore>().ListAsync(customer));
        document["sections"]!["core"]!["consents"]!.AsArray().Should().ContainSingle();
        Same(document["sections"]!["core"]!["metrics"], await crm.Get<IActivityStore>().GetMetricsAsync(customer));
        Same(document["sections"]!["core"]!["journal"], await crm.Get<IActivityStore>().GetEntriesAsync(customer, 0, 100));
        Same(document["sections"]!["points"]!["account"], await crm.Get<IPointsLedgerStore>().FindAsync(customer, includeLots: true));
        Same(document["sections"]!["points"]!["entries"], await crm.Get<IPointsLedgerStore>().GetEntriesAsync(customer, null, 100) is var entries ? entries.OrderBy(e => e.Sequence).ToList() : null);
        Same(document["sections"]!["membership"]!["tier"], await crm.Get<IMembershipStore>().FindAsync(customer));
        Same(document["sections"]!["membership"]!["history"], await crm.Get<IMembershipStore>().GetHistoryAsync(customer));
        Same(document["sections"]!["churn"]!["assessment"], await crm.Get<IChurnStore>().FindAssessmentAsync(customer));
        document["sections"]!["core"]!["profile"]!["name"]!.GetValue<string>().Should().Be("Li Lei");
        document["sections"]!["core"]!["journal"]!.AsArray().Should().HaveCount(2);
        document["sections"]!["membership"]!["tier"]!["tier"]!.GetValue<string>().Should().Be("silver");
        document["customerId"]!.GetValue<string>().Should().Be("c-export");

        (await crm.Manager.ExportCustomerDataAsync(new CustomerId("nobody"))).Sections.Should().BeEmpty();
    }

    private static Instant Local(int year, int month, int day, int hour = 12) =>
        new LocalDateTime(year, month, day, hour, 0).InZoneStrictly(TestCrm.Shanghai).ToInstant();

    private static void Same<T>(JsonNode? exported, T direct) =>
        JsonNode.DeepEquals(exported, JsonSerializer.SerializeToNode(direct, CrmJson.Options)).Should().BeTrue($"the export shows what the store returns: {exported?.ToJsonString()}");
}
