using Crm.Coupons.Internal;

namespace Crm.Coupons.Tests;

/// <summary>The best combination within the stacking rules.</summary>
public sealed class CombinationTests : CouponsTestBase
{
    internal static CouponCombination Best(CouponBasket basket, int max, BenefitOrder order, params CouponTemplate[] templates)
    {
        var prepared = PreparedBasket.Prepare(basket, Currency.CNY, Shanghai, Now, MidpointRounding.AwayFromZero);
        var evaluator = new CouponEvaluator(max, order, MidpointRounding.AwayFromZero);
        var candidates = templates.Select(t => new Candidate(CouponOf(t, Now), t, false)).ToList();
        return evaluator.Evaluate(prepared, new CustomerContext(Alice, null, [], 0), candidates).Best;
    }

    [Fact]
    public void Best_ExclusiveBeatsStackables_WhenItSavesMore()
    {
        // Basket 100.00. Exclusive 30% = 30.00; stackable 10.00 off + 10% (after 10.00 off: 9.00) = 19.00. Best: exclusive.
        var exclusive = Template("x30", new PercentOffBenefit { Percent = 30m }, stacking: new CouponStacking { Exclusive = true });
        var amount = Template("a10", new AmountOffBenefit { Amount = Cny(10m) });
        var percent = Template("p10", new PercentOffBenefit { Percent = 10m });

        var best = Best(Basket(Line("a", 100m)), 3, BenefitOrder.AmountOffFirst, exclusive, amount, percent);

        best.TotalDiscount.Should().Be(Cny(30m));
        best.Coupons.Select(c => c.CouponId).Should().Equal("X30");
        best.IsExact.Should().BeTrue();
        best.LeftOut["A10"].Should().Be(new CouponReason(CouponReasonCodes.NotCombinable, "not combinable with X30"));
    }

    [Fact]
    public void Best_Stackables_AmountOffFirst_ThenPercentOnWhatIsLeft()
    {
        // 100.00: 10.00 off first, then 20% of 90.00 = 18.00 → 28.00 (percent first would give 20.00 + 10.00 = 30.00).
        var amount = Template("a10", new AmountOffBenefit { Amount = Cny(10m) });
        var percent = Template("p20", new PercentOffBenefit { Percent = 20m });

        var amountFirst = Best(Basket(Line("a", 100m)), 3, BenefitOrder.AmountOffFirst, percent, amount);
        var percentFirst = Best(Basket(Line("a", 100m)), 3, BenefitOrder.PercentOffFirst, percent, amount);

        amountFirst.TotalDiscount.Should().Be(Cny(28m));
        amountFirst.Coupons.Select(c => (c.CouponId, c.Discount.Amount)).Should().Equal(("A10", 10m), ("P20", 18m));
        percentFirst.TotalDiscount.Should().Be(Cny(30m));
        percentFirst.Coupons.Select(c => c.CouponId).Should().Equal("P20", "A10");
    }

    [Fact]
    public void Best_SameGroup_AtMostOne()
    {
        // Both in group "order": only the larger (15.00) is used; the 5.00 delivery coupon stacks freely.
        var a = Template("g10", new AmountOffBenefit { Amount = Cny(10m) }, stacking: new CouponStacking { Group = "order" });
        var b = Template("g15", new AmountOffBenefit { Amount = Cny(15m) }, stacking: new CouponStacking { Group = "order" });
        var d = Template("del5", new DeliveryFeeOffBenefit { Amount = Cny(5m) });
        var basket = new CouponBasket { Lines = [Line("a", 100m)], StoreId = "sh-001", DeliveryFee = Cny(8m) };

        var best = Best(basket, 3, BenefitOrder.AmountOffFirst, a, b, d);

        best.TotalDiscount.Should().Be(Cny(20m));
        best.Coupons.Select(c => c.CouponId).Should().BeEquivalentTo("G15", "DEL5");
        best.LeftOut["G10"].Message.Should().Be("not combinable with G15");
    }

    [Fact]
    public void Best_MaxCouponsPerPurchase_KeepsTheLargest()
    {
        var templates = new[] { 3m, 7m, 5m }.Select(v => Template($"a{v}", new AmountOffBenefit { Amount = Cny(v) })).ToArray();

        var best = Best(Basket(Line("a", 100m)), 2, BenefitOrder.AmountOffFirst, templates);

        best.TotalDiscount.Should().Be(Cny(12m));
        best.LeftOut["A3"].Code.Should().Be(CouponReasonCodes.MaxCoupons);
    }

    [Fact]
    public void Best_ThresholdNoLongerMetAfterOtherCoupon_IsNotStacked()
    {
        // 100.00 basket: 10.00 off (amount first) leaves 90.00 < 100.00, so "spend 100 save 20" cannot follow; best is the threshold alone (20.00).
        var off = Template("a10", new AmountOffBenefit { Amount = Cny(10m) });
        var threshold = Template("t100", new ThresholdBenefit { Minimum = Cny(100m), Discount = Cny(20m) });

        var best = Best(Basket(Line("a", 100m)), 3, BenefitOrder.AmountOffFirst, off, threshold);

        best.TotalDiscount.Should().Be(Cny(20m));
        best.Coupons.Select(c => c.CouponId).Should().Equal("T100");
        best.LeftOut["A10"].Code.Should().Be(CouponReasonCodes.NotBest);
    }

    [Fact]
    public void Best_MoreThan20Candidates_IsGreedyAndSaysSo()
    {
        var templates = Enumerable.Range(1, 25).Select(i => Template($"a{i:00}", new AmountOffBenefit { Amount = Cny(i) })).ToArray();

        var best = Best(Basket(Line("a", 1000m)), 3, BenefitOrder.AmountOffFirst, templates);

        best.IsExact.Should().BeFalse();
        best.TotalDiscount.Should().Be(Cny(25m + 24m + 23m));
    }

    [Fact]
    public void Best_NoApplicableCoupon_IsEmpty()
    {
        var best = Best(Basket(Line("a", 10m)), 3, BenefitOrder.AmountOffFirst, Template("t100", new ThresholdBenefit { Minimum = Cny(100m), Discount = Cny(20m) }));

        best.Coupons.Should().BeEmpty();
        best.TotalDiscount.Should().Be(Cny(0m));
    }
}
