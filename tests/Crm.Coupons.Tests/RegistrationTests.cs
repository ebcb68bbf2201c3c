using Crm.Membership;
using Crm.TestUtils;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;
using static Crm.TestUtils.Facts;

namespace Crm.Coupons.Tests;

/// <summary>AddCoupons with and without Membership: no cycle, validated options, the issuer wired.</summary>
public sealed class RegistrationTests : CouponsTestBase
{
    [Fact]
    public async Task AddMembershipAndCoupons_ValidateOnBuild_ResolvesAndIssuesWelcomeCoupon()
    {
        // Membership consumes ICouponIssuer and provides ICustomerTierProvider; Coupons consumes ICustomerTierProvider.
        // TestCrm builds with ValidateOnBuild, so a cycle would throw here.
        var welcome = Template("gold-welcome", new AmountOffBenefit { Amount = Cny(20m) }, conditions: new CouponConditions { Tiers = ["gold"] });
        using var crm = TestCrm.Create(Now, b => b.AddMembership(o => o.Policy = MembershipScenarios.GoldAt100()).AddCoupons(o => o.Templates.Add(welcome)));

        crm.Get<ICouponIssuer>().GetType().Assembly.Should().BeSameAs(typeof(CouponManager).Assembly);
        await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "alice", Now - Duration.FromHours(1), Line("1", 120m)));
        var evaluation = await crm.Get<CouponManager>().EvaluateAsync(Alice, Basket(Line("1", 30m)));

        // The upgrade to gold issued the welcome coupon through Crm.Coupons; the tier condition reads Membership's tier.
        evaluation.Coupons.Should().ContainSingle().Which.Discount.Should().Be(Cny(20m));
        evaluation.Best.TotalDiscount.Should().Be(Cny(20m));
    }

    [Fact]
    public void AddCoupons_Twice_RegistersOnceAndMergesConfiguration()
    {
        using var crm = TestCrm.Create(Now, b => b
            .AddCoupons(o => o.Templates.Add(Template("a", new AmountOffBenefit { Amount = Cny(1m) })))
            .AddCoupons(o => o.Templates.Add(Template("b", new AmountOffBenefit { Amount = Cny(2m) }))));

        crm.Provider.GetServices<IPurchaseHandler>().OfType<object>().Count(h => h.GetType().Assembly == typeof(CouponManager).Assembly).Should().Be(1);
        crm.Get<CouponManager>().Templates.Select(t => t.Id).Should().BeEquivalentTo("a", "b");
    }

    [Fact]
    public void AddCoupons_InvalidTemplate_FailsAtStartWithPath()
    {
        // Resolving CrmManager resolves the coupons handler and so the manager, which validates its options.
        var act = () => TestCrm.Create(Now, b => b.AddCoupons(o => o.Templates.Add(Template("bad", new PercentOffBenefit { Percent = 150m })))).Dispose();

        act.Should().Throw<OptionsValidationException>().WithMessage("*$[0].benefit.percent*");
    }

    [Fact]
    public void AddCoupons_HostIssuer_IsKept()
    {
        var issuer = new RecordingCouponIssuer();
        using var crm = TestCrm.Create(Now, b =>
        {
            b.Services.AddSingleton<ICouponIssuer>(issuer);
            b.AddCoupons(o => { });
        });

        crm.Get<ICouponIssuer>().Should().BeSameAs(issuer);
    }
}
