using System.Globalization;
using Crm.Campaigns;
using Crm.Coupons;
using NodaTime;
using static Crm.TestUtils.Facts;

namespace Crm.TestUtils;

/// <summary>Campaign scenarios every storage adapter must pass, through <see cref="CampaignManager"/> with Crm.Coupons' issuer.</summary>
public static class CampaignsScenarios
{
    /// <summary>
    /// 100 deliveries at once to customers of a coupon arm against a campaign budget of 60: exactly 60 coupons issued (the
    /// coupon store's count and the campaign's), 40 deliveries recorded as over budget, every coupon id distinct.
    /// </summary>
    public static async Task ParallelBudgetHoldsAsync(Action<ICrmBuilder> storage)
    {
        var templateId = "cmp-off5-" + Guid.NewGuid().ToString("N");
        using var crm = TestCrm.Create(
            new LocalDateTime(2027, 3, 2, 10, 0).InZoneStrictly(TestCrm.Shanghai).ToInstant(),
            b =>
            {
                storage(b);
                b.AddCoupons(o => o.Templates.Add(new CouponTemplate { Id = templateId, Benefit = new AmountOffBenefit { Amount = Cny(5m) }, Validity = new CouponValidity { Days = 30 } }));
                b.AddCampaigns();
            },
            o => o.MaxConcurrencyRetries = 100);
        var campaigns = crm.Get<CampaignManager>();
        var campaign = new Campaign
        {
            Id = "budget-" + Guid.NewGuid().ToString("N"),
            Salt = "s",
            Start = new LocalDate(2027, 3, 1),
            End = new LocalDate(2027, 3, 7),
            Channel = ContactChannels.Push,
            MaxCoupons = 60,
            Arms =
            [
                new CampaignArm { Name = "coupon", Kind = CampaignArmKind.Coupon, Weight = 99_999m, CouponTemplateId = templateId },
                new CampaignArm { Name = "holdout", Kind = CampaignArmKind.Holdout, Weight = 1m },
            ],
        };
        await campaigns.DefineAsync(campaign);
        var customers = new List<CustomerId>();
        for (var i = 0; customers.Count < 100; i++)
        {
            var id = new CustomerId($"{campaign.Id}-{i.ToString(CultureInfo.InvariantCulture)}");
            if (campaign.ArmFor(id).Kind == CampaignArmKind.Coupon)
            {
                await crm.Manager.RegisterCustomerAsync(new CustomerProfile { Id = id, JoinedAt = Instant.FromUtc(2026, 1, 1, 0, 0) });
                await crm.Manager.GrantAsync(id, ContactChannels.Push);
                customers.Add(id);
            }
        }

        var results = await Task.WhenAll(customers.Select(c => Task.Run(() => campaigns.DeliverAsync(campaign.Id, c))));

        results.Count(r => r.Assignment?.Status == CampaignDeliveryStatus.Delivered).Should().Be(60);
        results.Count(r => r.Assignment?.Status == CampaignDeliveryStatus.BudgetExhausted).Should().Be(40);
        (await crm.Get<ICampaignStore>().CountBudgetUsesAsync(campaign.Id)).Should().Be(60);
        (await crm.Get<ICouponStore>().GetUsageAsync(templateId)).Issued.Should().Be(60);
        results.Where(r => r.Assignment?.CouponId is not null).Select(r => r.Assignment!.CouponId).Should().OnlyHaveUniqueItems().And.HaveCount(60);
    }
}
