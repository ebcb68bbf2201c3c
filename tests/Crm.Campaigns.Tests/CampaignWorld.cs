using System.Collections.Concurrent;
using Crm.Coupons;
using Crm.TestUtils;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NodaTime;
using static Crm.TestUtils.Facts;

namespace Crm.Campaigns.Tests;

/// <summary>A CRM on in-memory storage (CNY, Asia/Shanghai) with Crm.Coupons (one template), Crm.Campaigns, a recording event sink and a fake clock.</summary>
internal sealed class CampaignWorld : IDisposable
{
    public const string Template = "latte-5-off";

    private CampaignWorld(TestCrm crm, RecordingSink sink)
    {
        Crm = crm;
        Events = sink;
    }

    public TestCrm Crm { get; }

    public RecordingSink Events { get; }

    public CampaignManager Manager => Crm.Get<CampaignManager>();

    public ICampaignStore Store => Crm.Get<ICampaignStore>();

    public static CampaignWorld Create(Instant? now = null, Action<ICrmBuilder>? storage = null, Action<CrmOptions>? options = null)
    {
        var sink = new RecordingSink();
        var crm = TestCrm.Create(
            now ?? Local(2027, 3, 2, 10, 0),
            b =>
            {
                storage?.Invoke(b);
                b.AddCoupons(o => o.Templates.Add(new CouponTemplate { Id = Template, Benefit = new AmountOffBenefit { Amount = Cny(5m) }, Validity = new CouponValidity { Days = 30 } }));
                b.AddCampaigns();
                b.Services.Replace(ServiceDescriptor.Singleton<ICrmEventSink>(sink));
            },
            options);
        return new CampaignWorld(crm, sink);
    }

    public static Instant Local(int year, int month, int day, int hour, int minute) =>
        new LocalDateTime(year, month, day, hour, minute).InZoneStrictly(TestCrm.Shanghai).ToInstant();

    /// <summary>A campaign from 2027-03-01 to 2027-03-07 on push: a 5-off coupon (45), a message (45), a holdout (10).</summary>
    /// <summary>
    /// A campaign measured on outcomes the host imports, judged by margin at a 50% margin rate: 1,000 customers per arm;
    /// treated customers alternate 30.00 and 10.00 of revenue with 2.00 of discount, held-out ones 10.00 and 0.
    /// </summary>
    public static (Campaign Campaign, ExternalAssignment[] Assignments, CampaignOutcome[] Outcomes) ImportedMargin()
    {
        var campaign = new Campaign
        {
            Id = "imported-margin",
            Salt = "s",
            Start = new LocalDate(2027, 3, 1),
            End = new LocalDate(2027, 3, 1),
            Outcomes = CampaignOutcomeSource.Imported,
            PrimaryMetric = CampaignMetric.MarginPerCustomer,
            MarginRate = 0.5m,
            Arms =
            [
                new CampaignArm { Name = "coupon", Kind = CampaignArmKind.Coupon, Weight = 1m, CouponTemplateId = Template },
                new CampaignArm { Name = "holdout", Kind = CampaignArmKind.Holdout, Weight = 1m },
            ],
        };
        var at = Local(2027, 3, 1, 9, 0);
        var assignments = Enumerable.Range(0, 2000).Select(i => new ExternalAssignment(new CustomerId("e" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)), i < 1000 ? "coupon" : "holdout", at, i < 1000 ? CampaignDeliveryStatus.Delivered : CampaignDeliveryStatus.HeldOut)).ToArray();
        var outcomes = assignments.Select((a, i) => i < 1000
            ? new CampaignOutcome(campaign.Id, a.CustomerId, 1, Cny(i % 2 == 0 ? 30m : 10m), Cny(2m))
            : new CampaignOutcome(campaign.Id, a.CustomerId, i % 2, Cny(i % 2 == 0 ? 0m : 10m), Cny(0m))).ToArray();
        return (campaign, assignments, outcomes);
    }

    public static Campaign Spring(string id = "spring-latte", int? maxCoupons = null, string salt = "2027-03") => new()
    {
        Id = id,
        Salt = salt,
        Start = new LocalDate(2027, 3, 1),
        End = new LocalDate(2027, 3, 7),
        Channel = ContactChannels.Push,
        AttributionDays = 14,
        MaxCoupons = maxCoupons,
        Arms =
        [
            new CampaignArm { Name = "coupon", Kind = CampaignArmKind.Coupon, Weight = 45m, CouponTemplateId = Template, DiscountPerConverter = Cny(5m) },
            new CampaignArm { Name = "message", Kind = CampaignArmKind.Message, Weight = 45m },
            new CampaignArm { Name = "holdout", Kind = CampaignArmKind.Holdout, Weight = 10m },
        ],
    };

    public async Task<CustomerId> CustomerAsync(string id, ContactChannels consents = ContactChannels.Push)
    {
        var customer = new CustomerId(id);
        await Crm.Manager.RegisterCustomerAsync(new CustomerProfile { Id = customer, JoinedAt = Instant.FromUtc(2026, 1, 1, 0, 0) });
        await Crm.Manager.GrantAsync(customer, consents, ConsentPurpose.Marketing);
        return customer;
    }

    public void Dispose() => Crm.Dispose();

    public sealed class RecordingSink : ICrmEventSink
    {
        private readonly ConcurrentQueue<CrmEvent> _events = new();

        public IReadOnlyList<CrmEvent> All => [.. _events];

        public ValueTask PublishAsync(CrmEvent crmEvent, CancellationToken cancellationToken = default)
        {
            _events.Enqueue(crmEvent);
            return ValueTask.CompletedTask;
        }
    }
}
