using Crm.Membership;
using Crm.TestUtils;
using NodaTime;

namespace Crm.Docs.Tests;

/// <summary>The worked membership example of docs/rules-reference.md, with the numbers the text gives.</summary>
public sealed class MembershipExamplesTests
{
    [Fact]
    public async Task CoffeeLevels_ThirtiethPurchaseUpgradesToGold()
    {
        var policy = RulesReference.Load<TierPolicy>("coffee-levels");
        using var crm = TestCrm.Create(Instant.FromUtc(2026, 1, 1, 0, 0), b => b.AddMembership(o => o.Policy = policy));
        var membership = crm.Get<MembershipManager>();
        var customer = new CustomerId("doc-member");
        await crm.Manager.RegisterCustomerAsync(new CustomerProfile { Id = customer, JoinedAt = crm.Clock.GetCurrentInstant() });

        for (var i = 1; i <= 30; i++)
        {
            crm.Clock.AdvanceDays(3);
            await crm.Manager.RecordPurchaseAsync(Facts.Purchase($"cup-{i}", "doc-member", crm.Clock.GetCurrentInstant(), Facts.Line("1", 18m)));
            var tier = await membership.GetTierAsync(customer);
            tier.Name.Should().Be(i < 30 ? "green" : "gold", "after purchase {0}", i);
        }

        (await membership.GetTierAsync(customer)).PointsMultiplier.Should().Be(1.5m);
    }
}
