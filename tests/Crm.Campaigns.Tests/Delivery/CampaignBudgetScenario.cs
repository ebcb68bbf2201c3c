using System.Globalization;
using Crm.Coupons;

namespace Crm.Campaigns.Tests.Delivery;

/// <summary>100 deliveries at once to coupon-arm customers against a budget of 60: exactly 60 coupons issued, 40 recorded as over budget.</summary>
internal static class CampaignBudgetScenario
{
    public static async Task HoldsAsync(Action<ICrmBuilder> storage)
    {
        using var world = CampaignWorld.Create(storage: storage, options: o => o.MaxConcurrencyRetries = 100);
        var campaign = new Campaign
        {
            Id = "budget-" + Guid.NewGuid().ToString("N"),
            Salt = "s",
            Start = new NodaTime.LocalDate(2027, 3, 1),
            End = new NodaTime.LocalDate(2027, 3, 7),
            Channel = ContactChannels.Push,
            MaxCoupons = 60,
            Arms =
            [
                new CampaignArm { Name = "coupon", Kind = CampaignArmKind.Coupon, Weight = 99_999m, CouponTemplateId = CampaignWorld.Template },
                new CampaignArm { Name = "holdout", Kind = CampaignArmKind.Holdout, Weight = 1m },
            ],
        };
        await world.Manager.DefineAsync(campaign);
        var customers = new List<CustomerId>();
        for (var i = 0; customers.Count < 100; i++)
        {
            var id = new CustomerId($"{campaign.Id}-{i.ToString(CultureInfo.InvariantCulture)}");
            if (campaign.ArmFor(id).Kind == CampaignArmKind.Coupon)
            {
                customers.Add(await world.CustomerAsync(id.Value));
            }
        }

        var results = await Task.WhenAll(customers.Select(c => Task.Run(() => world.Manager.DeliverAsync(campaign.Id, c))));

        results.Count(r => r.Assignment?.Status == CampaignDeliveryStatus.Delivered).Should().Be(60);
        results.Count(r => r.Assignment?.Status == CampaignDeliveryStatus.BudgetExhausted).Should().Be(40);
        (await world.Store.CountBudgetUsesAsync(campaign.Id)).Should().Be(60);
        (await world.Crm.Get<ICouponStore>().GetUsageAsync(CampaignWorld.Template)).Issued.Should().Be(60);
        results.Where(r => r.Assignment?.CouponId is not null).Select(r => r.Assignment!.CouponId).Should().OnlyHaveUniqueItems().And.HaveCount(60);
    }
}
