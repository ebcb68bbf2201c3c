using System.Globalization;
using Crm.TestUtils;
using NodaTime;

namespace Crm.Campaigns.Tests.Delivery;

/// <summary>Campaign delivery asks consent records for the campaign's purpose on its channel, and keeps why it excluded a customer.</summary>
public sealed class ConsentDeliveryTests
{
    [Fact]
    public async Task DeliverAsync_MarketingPushWithdrawn_ExcludedWithTheReasonAndTheAuditSaysWhy()
    {
        using var world = CampaignWorld.Create();
        await world.Manager.DefineAsync(CampaignWorld.Spring());
        var customer = await CouponArmCustomerAsync(world);
        var withdrawn = await world.Crm.Manager.RecordConsentAsync(new ConsentRecord
        {
            Id = "w-1",
            CustomerId = customer,
            Purpose = ConsentPurpose.Marketing,
            Channel = ContactChannels.Push,
            Granted = false,
            PolicyVersion = "v3",
            Source = "app",
            At = CampaignWorld.Local(2027, 3, 1, 9, 0),
        });

        var result = await world.Manager.DeliverAsync("spring-latte", customer);

        result.Assignment!.Status.Should().Be(CampaignDeliveryStatus.NoConsent);
        result.Assignment.ContactReason.Should().Be(ContactDecisionReason.Withdrawn);
        result.Contact!.Record.Should().Be(withdrawn.Record);
        world.Events.All.Should().BeEmpty();
        var report = await world.Manager.MeasureAsync("spring-latte");
        report.ExcludedNoConsent.Should().Be(1);
        report.ExcludedNoConsentByReason.Should().Equal(new Dictionary<ContactDecisionReason, int> { [ContactDecisionReason.Withdrawn] = 1 });

        // Why was the customer not contacted when the delivery was decided? The withdrawal of 1 March, by the customer.
        var audit = await world.Crm.Manager.DecideContactAsync(customer, ConsentPurpose.Marketing, ContactChannels.Push, result.Assignment.DecidedAt);
        audit.Reason.Should().Be(ContactDecisionReason.Withdrawn);
        audit.Explanation.Should().Be("Marketing by Push withdrawn at 2027-03-01T01:00:00Z via 'app' under policy 'v3' by the customer (record 'w-1').");
    }

    [Fact]
    public async Task DeliverAsync_OnlySurveysConsentOnPush_NoConsentRecordForMarketing()
    {
        using var world = CampaignWorld.Create();
        await world.Manager.DefineAsync(CampaignWorld.Spring());
        var customer = await CouponArmCustomerAsync(world, ContactChannels.None);
        await world.Crm.Manager.GrantAsync(customer, ContactChannels.Push, ConsentPurpose.Surveys);

        var result = await world.Manager.DeliverAsync("spring-latte", customer);

        result.Assignment!.Status.Should().Be(CampaignDeliveryStatus.NoConsent);
        result.Assignment.ContactReason.Should().Be(ContactDecisionReason.NoConsentRecord);
        (await world.Crm.Get<Coupons.ICouponStore>().ListByCustomerAsync(customer)).Should().BeEmpty();
    }

    [Fact]
    public async Task DeliverAsync_ErasedCustomer_ExcludedAsErased()
    {
        using var world = CampaignWorld.Create();
        await world.Manager.DefineAsync(CampaignWorld.Spring());
        var customer = await CouponArmCustomerAsync(world);
        await world.Crm.Manager.EraseCustomerPersonalDataAsync(customer);

        var result = await world.Manager.DeliverAsync("spring-latte", customer);

        result.Assignment!.Status.Should().Be(CampaignDeliveryStatus.NoConsent);
        result.Assignment.ContactReason.Should().Be(ContactDecisionReason.CustomerErased);
    }

    private static async Task<CustomerId> CouponArmCustomerAsync(CampaignWorld world, ContactChannels consents = ContactChannels.Push)
    {
        var campaign = CampaignWorld.Spring();
        for (var i = 0; ; i++)
        {
            var id = new CustomerId("y" + i.ToString(CultureInfo.InvariantCulture));
            if (campaign.ArmFor(id).Name == "coupon")
            {
                return await world.CustomerAsync(id.Value, consents);
            }
        }
    }
}
