using Crm.Coupons;
using Crm.TestUtils;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NodaTime;
using static Crm.TestUtils.Facts;

namespace Crm.Docs.Tests;

/// <summary>The worked coupon examples of docs/rules-reference.md, with the numbers and reasons the text gives.</summary>
public sealed class CouponExamplesTests
{
    private static readonly CustomerId Customer = new("c1");

    private static Instant LocalTime(int hour, int minute) => new LocalDateTime(2026, 6, 3, hour, minute).InZoneStrictly(TestCrm.Shanghai).ToInstant();

    private static async Task<CouponEvaluation> EvaluateAsync(string templateId, Instant at, params PurchaseLine[] lines)
    {
        var template = RulesReference.Load<CouponTemplate>(templateId);
        using var crm = TestCrm.Create(at, b => b.AddCoupons(o => o.Templates.Add(template)));
        var coupons = crm.Get<CouponManager>();
        (await coupons.IssueAsync(new CouponIssueRequest(Customer, templateId, CouponIssueReason.Campaign, "doc"))).Succeeded.Should().BeTrue();
        var evaluation = await coupons.EvaluateAsync(Customer, new CouponBasket { Lines = lines, StoreId = "sh-001", Channel = SalesChannel.App });
        return evaluation.Coupons.Single();
    }

    [Fact]
    public async Task SpendHundredSaveTwenty_AtExactlyHundred_TakesTwentyOff() =>
        (await EvaluateAsync("spend-100-save-20", LocalTime(10, 0), Line("1", 60m), Line("2", 40m))).Discount.Should().Be(Cny(20m));

    [Fact]
    public async Task SpendHundredSaveTwenty_At9999_DoesNotApply_AndSaysWhy()
    {
        var evaluation = await EvaluateAsync("spend-100-save-20", LocalTime(10, 0), Line("1", 60m), Line("2", 39.99m));

        evaluation.IsApplicable.Should().BeFalse();
        evaluation.Reasons.Select(r => r.Message).Should().Contain("minimum spend 100.00 CNY on eligible items, basket has 99.99 CNY");
    }

    [Fact]
    public async Task SecondCupHalf_ThreeDrinks_ElevenOff() =>
        (await EvaluateAsync("second-cup-half", LocalTime(10, 0), Line("1", 18m), Line("2", 22m), Line("3", 25m))).Discount.Should().Be(Cny(11m));

    [Fact]
    public async Task Latte990_OnA22Latte_Takes1210Off() =>
        (await EvaluateAsync("latte-990", LocalTime(10, 0), Line("1", 22m, sku: "latte"))).Discount.Should().Be(Cny(12.10m));

    [Fact]
    public async Task Latte990_OnALatteCheaperThan990_TakesNothingOff()
    {
        var evaluation = await EvaluateAsync("latte-990", LocalTime(10, 0), Line("1", 8m, sku: "latte"));

        evaluation.Discount.Amount.Should().Be(0m);
        evaluation.IsApplicable.Should().BeFalse();
        evaluation.Reasons.Should().NotBeEmpty();
    }

    [Fact]
    public async Task Afternoon990_At1430_SaysFromWhen()
    {
        var evaluation = await EvaluateAsync("afternoon-990", LocalTime(14, 30), Line("1", 22m));

        evaluation.IsApplicable.Should().BeFalse();
        evaluation.Reasons.Select(r => r.Message).Should().Contain("valid from 15:00 to 17:00; it is 14:30");
    }

    [Fact]
    public async Task Afternoon990_At1530_Applies() =>
        (await EvaluateAsync("afternoon-990", LocalTime(15, 30), Line("1", 22m))).Discount.Should().Be(Cny(12.10m));

    private static Task<CouponEvaluation> EvaluateAsync(string templateId, params PurchaseLine[] lines) =>
        EvaluateAsync(templateId, LocalTime(10, 0), lines);

    [Fact]
    public async Task ThreeAOrder320_ThreeAAndB200_FifteenOffA()
    {
        var evaluation = await EvaluateAsync("three-a-order-320", Line("1", 50m, 3m, sku: "A"), Line("2", 200m, sku: "B"));

        evaluation.Discount.Should().Be(Cny(15m));
        evaluation.Lines.Should().Equal(new CouponLineDiscount("1", Cny(15m)));
    }

    [Fact]
    public async Task ThreeAOrder320_TwoA_BothReasons()
    {
        var evaluation = await EvaluateAsync("three-a-order-320", Line("1", 50m, 2m, sku: "A"), Line("2", 200m, sku: "B"));

        evaluation.Reasons.Select(r => r.Message).Should().Equal("minimum spend 320.00 CNY on the order, basket has 300.00 CNY", "minimum 3 qualifying items, basket has 2");
    }

    [Fact]
    public async Task HalfOffCheapest30_CappedAndUncapped()
    {
        (await EvaluateAsync("half-off-cheapest-30", Line("1", 100m), Line("2", 90m))).Discount.Should().Be(Cny(30m));
        var uncapped = await EvaluateAsync("half-off-cheapest-30", Line("1", 80m), Line("2", 50m), Line("3", 70m));
        uncapped.Discount.Should().Be(Cny(25m));
        uncapped.Lines.Should().Equal(new CouponLineDiscount("2", Cny(25m)));
    }

    [Fact]
    public async Task BuyThreeGetOneLatte_FourLattes_TwentyOff() =>
        (await EvaluateAsync("buy-3-get-1-latte", Line("1", 20m, 4m, sku: "latte"))).Discount.Should().Be(Cny(20m));

    [Fact]
    public async Task BuyTwoGetOneLatteAdded_AsksToAdd_ThenTheAddedLineIsFree()
    {
        var template = RulesReference.Load<CouponTemplate>("buy-2-get-1-latte-added");
        using var crm = TestCrm.Create(LocalTime(10, 0), b => b.AddCoupons(o => o.Templates.Add(template)));
        var coupons = crm.Get<CouponManager>();
        (await coupons.IssueAsync(new CouponIssueRequest(Customer, template.Id, CouponIssueReason.Campaign, "doc"))).Succeeded.Should().BeTrue();

        var before = (await coupons.EvaluateAsync(Customer, new CouponBasket { Lines = [Line("1", 20m, 2m, sku: "latte")], StoreId = "sh-001" })).Coupons.Single();
        var after = (await coupons.EvaluateAsync(Customer, new CouponBasket { Lines = [Line("1", 20m, 2m, sku: "latte"), Line("free-1", 20m, sku: "latte")], StoreId = "sh-001", AddedFreeLineIds = ["free-1"] })).Coupons.Single();

        before.Reasons.Select(r => r.Code).Should().Equal(CouponReasonCodes.FreeUnitsToAdd);
        before.UnitsToAdd.Should().Equal(new CouponUnitsToAdd("latte", 1));
        after.Lines.Should().Equal(new CouponLineDiscount("free-1", Cny(20m)));
    }

    [Fact]
    public async Task FiveOffAB_TenOffA_BestOrderSavesFifteen()
    {
        var five = RulesReference.Load<CouponTemplate>("five-off-a-b");
        var ten = RulesReference.Load<CouponTemplate>("ten-off-a");
        using var crm = TestCrm.Create(LocalTime(10, 0), b => b.AddCoupons(o =>
        {
            o.Templates.Add(five);
            o.Templates.Add(ten);
        }));
        var coupons = crm.Get<CouponManager>();
        foreach (var id in new[] { five.Id, ten.Id })
        {
            (await coupons.IssueAsync(new CouponIssueRequest(Customer, id, CouponIssueReason.Campaign, "doc-" + id))).Succeeded.Should().BeTrue();
        }

        var best = (await coupons.EvaluateAsync(Customer, new CouponBasket { Lines = [Line("1", 10m, sku: "A"), Line("2", 10m, sku: "B")], StoreId = "sh-001" })).Best;

        best.TotalDiscount.Should().Be(Cny(15m));
        best.Coupons.Select(c => c.TemplateId).Should().Equal("ten-off-a", "five-off-a-b");
        best.BenefitOrder.Should().Be(BenefitOrder.AmountOffFirst);
    }

    [Fact]
    public async Task MemberDayGold_GoldOnTuesday_SixOffWithoutACoupon_SilverAndMondayToldWhy()
    {
        var template = RulesReference.Load<CouponTemplate>("member-day-gold");
        var tuesday = new LocalDateTime(2026, 6, 2, 10, 0).InZoneStrictly(TestCrm.Shanghai).ToInstant();
        using var crm = TestCrm.Create(tuesday, b =>
        {
            b.AddCoupons(o => o.Templates.Add(template));
            b.Services.Replace(ServiceDescriptor.Singleton<ICustomerTierProvider>(new GoldUnlessSilver()));
        });
        var coupons = crm.Get<CouponManager>();
        var basket = new CouponBasket { Lines = [Line("1", 30m)], StoreId = "sh-001" };

        var gold = await coupons.EvaluateAsync(Customer, basket);
        var silver = await coupons.EvaluateAsync(new CustomerId("silver"), basket);
        crm.Clock.Reset(tuesday - Duration.FromDays(1));
        var monday = await coupons.EvaluateAsync(Customer, basket);

        gold.Best.TotalDiscount.Should().Be(Cny(6m));
        gold.Best.Coupons.Single().Source.Should().Be(CouponSource.Automatic);
        silver.Coupons.Single().Reasons.Select(r => r.Code).Should().Equal(CouponReasonCodes.Tier);
        monday.Coupons.Single().Reasons.Select(r => r.Code).Should().Equal(CouponReasonCodes.Weekday);
    }

    [Fact]
    public async Task Spend50NextCoffee_At50InTheApp_EarnsACoupon_At4999_DoesNot_RefundTakesItBack()
    {
        var rule = RulesReference.Load<NextOrderRule>("spend-50-next-coffee");
        var at = LocalTime(10, 0);
        using var crm = TestCrm.Create(at, b => b.AddCoupons(o =>
        {
            o.Templates.Add(new CouponTemplate { Id = "next-coffee-5", Benefit = new AmountOffBenefit { Amount = Cny(5m) }, Validity = new CouponValidity { Days = 14 } });
            o.NextOrderRules.Add(rule);
        }));

        var earned = await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "c1", at, Line("1", 50m)));
        var none = await crm.Manager.RecordPurchaseAsync(Purchase("p-2", "c1", at, Line("1", 49.99m)));
        var refund = await crm.Manager.RecordRefundAsync(RefundAmount("r-1", "p-1", at, 0.01m));

        earned.GetOutcome<PurchaseCouponsOutcome>()!.NextOrder.Single().Result.Succeeded.Should().BeTrue();
        none.GetOutcome<PurchaseCouponsOutcome>().Should().BeNull();
        refund.GetOutcome<RefundCouponsOutcome>()!.TakenBack.Should().ContainSingle();
    }

    private sealed class GoldUnlessSilver : ICustomerTierProvider
    {
        public ValueTask<CustomerTier?> GetTierAsync(CustomerId customerId, Instant asOf, IStoreUnitOfWork? unitOfWork = null, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult<CustomerTier?>(new CustomerTier(customerId.Value == "silver" ? "silver" : "gold", 1, 1m));
    }
}
