using Crm.Coupons;
using Crm.TestUtils;
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
}
