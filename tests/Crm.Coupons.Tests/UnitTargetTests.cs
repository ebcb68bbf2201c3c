namespace Crm.Coupons.Tests;

/// <summary>Issue 21 item 4: percent-off and fixed price on the cheapest or most expensive units, and a cap on every benefit kind.</summary>
public sealed class UnitTargetTests : CouponsTestBase
{
    private const string HalfOffCheapestJson = """
        { "id": "half-cheapest", "benefit": { "kind": "percentOff", "percent": 50, "target": { "pick": "cheapest" }, "maxDiscount": "30.00 CNY" },
          "validity": { "days": 7 } }
        """;

    [Fact]
    public void HalfOffCheapest_UnderTheCap_HalfOfTheCheapestUnit()
    {
        // Items 80.00, 50.00, 70.00: the cheapest is 50.00, half is 25.00 (under the 30.00 cap), all on that line.
        var template = CouponTemplate.FromJson(HalfOffCheapestJson);

        var evaluation = EvaluateOne(template, Basket(Line("a", 80m), Line("b", 50m), Line("c", 70m)));

        evaluation.Discount.Should().Be(Cny(25m));
        Allocation(evaluation).Should().Equal(new Dictionary<string, decimal> { ["b"] = 25m });
    }

    [Fact]
    public void HalfOffCheapest_AboveTheCap_AtMostThirty()
    {
        // Items 100.00 and 90.00: half of 90.00 is 45.00, capped at 30.00, still on the 90.00 line.
        var template = CouponTemplate.FromJson(HalfOffCheapestJson);

        var evaluation = EvaluateOne(template, Basket(Line("a", 100m), Line("b", 90m)));

        evaluation.Discount.Should().Be(Cny(30m));
        Allocation(evaluation).Should().Equal(new Dictionary<string, decimal> { ["b"] = 30m });
    }

    [Fact]
    public void PercentOffMostExpensiveTwoUnits_UnitsAcrossLines()
    {
        // Units 50.00 (b) and 30.00, 30.00 (a, quantity 2). The two dearest: 50.00 and one 30.00. 20% of each: 10.00 + 6.00.
        var template = Template("p20-top2", new PercentOffBenefit { Percent = 20m, Target = new UnitTarget { Pick = UnitPick.MostExpensive, Units = 2 } });

        var evaluation = EvaluateOne(template, Basket(Line("a", 30m, 2m), Line("b", 50m)));

        evaluation.Discount.Should().Be(Cny(16m));
        Allocation(evaluation).Should().Equal(new Dictionary<string, decimal> { ["a"] = 6m, ["b"] = 10m });
    }

    [Fact]
    public void PercentOffCheapest_LinesByWeightHaveNoUnits()
    {
        // A line sold by weight (1.5 kg) has no units; only the whole-quantity line is targeted.
        var template = Template("p50-cheap", new PercentOffBenefit { Percent = 50m, Target = new UnitTarget { Pick = UnitPick.Cheapest } });

        EvaluateOne(template, Basket(Line("w", 2m, 1.5m), Line("a", 40m))).Discount.Should().Be(Cny(20m));
    }

    [Fact]
    public void FixedPriceOnTheCheapest_ACheaperItemSavesNothing_AndIsNotSkipped()
    {
        // Pastry 5.00 "on the cheapest": items 12.00 and 8.00 → the 8.00 one costs 5.00: 3.00 off. With a 4.00 item the
        // cheapest already costs less than 5.00: the target is still that item, so nothing is saved and the coupon says so.
        var template = Template("pastry-5", new FixedPriceBenefit { Price = Cny(5m), Target = new UnitTarget { Pick = UnitPick.Cheapest } });

        EvaluateOne(template, Basket(Line("a", 12m), Line("b", 8m))).Discount.Should().Be(Cny(3m));
        EvaluateOne(template, Basket(Line("a", 12m), Line("b", 4m))).Reasons.Select(r => r.Code).Should().Equal(CouponReasonCodes.NoSaving);
    }

    [Fact]
    public void Cap_OnEveryKind()
    {
        var basket = Basket(Line("a", 60m), Line("b", 40m), Line("c", 6m));

        // Spread discounts are capped, then spread in proportion: 20.00 off 106.00 capped at 15.00.
        var amount = EvaluateOne(Template("amt", new AmountOffBenefit { Amount = Cny(20m), MaxDiscount = Cny(15m) }), basket);
        amount.Discount.Should().Be(Cny(15m));
        amount.Lines.Sum(l => l.Discount.Amount).Should().Be(15m);

        // Every 50 save 10 on 106.00 = 20.00, capped at 12.00.
        EvaluateOne(Template("thr", new ThresholdBenefit { Minimum = Cny(50m), Discount = Cny(10m), Repeating = true, MaxDiscount = Cny(12m) }), basket).Discount.Should().Be(Cny(12m));

        // Buy 2 get 1: the 6.00 item free, capped at 5.00, on that item.
        var buyGet = EvaluateOne(Template("bg", new BuyGetBenefit { Buy = 2, Get = 1, MaxDiscount = Cny(5m) }), basket);
        buyGet.Discount.Should().Be(Cny(5m));
        Allocation(buyGet).Should().Equal(new Dictionary<string, decimal> { ["c"] = 5m });

        // Second item half price: 60, 40 → 20.00 off the 40.00, capped at 8.00.
        EvaluateOne(Template("nth", new NthItemBenefit { N = 2, Percent = 50m, MaxDiscount = Cny(8m) }), basket).Discount.Should().Be(Cny(8m));

        // Fixed price 10.00 on the dearest: 50.00 off, capped at 9.99.
        EvaluateOne(Template("fix", new FixedPriceBenefit { Price = Cny(10m), MaxDiscount = Cny(9.99m) }), basket).Discount.Should().Be(Cny(9.99m));

        // Free gift c (6.00), capped at 2.50; ladder 100 → 10, capped at 7.00.
        EvaluateOne(Template("gift", new FreeGiftBenefit { Sku = "coffee-c", MaxDiscount = Cny(2.5m) }), Basket(Line("a", 60m), Line("c", 6m, sku: "coffee-c"))).Discount.Should().Be(Cny(2.5m));
        EvaluateOne(Template("lad", new LadderBenefit { Steps = [new LadderStep { Minimum = Cny(100m), Discount = Cny(10m) }], MaxDiscount = Cny(7m) }), basket).Discount.Should().Be(Cny(7m));

        // Delivery fee 12.00 off, capped at 6.00.
        var delivery = new CouponBasket { Lines = [Line("a", 60m)], StoreId = "sh-001", DeliveryFee = Cny(12m) };
        EvaluateOne(Template("del", new DeliveryFeeOffBenefit { MaxDiscount = Cny(6m) }), delivery).Discount.Should().Be(Cny(6m));
    }

    [Fact]
    public void Cap_SplitAcrossItemLines_ByLargestRemainder()
    {
        // Buy 1 get 1 on 4 items (2 × 10.00 on a, 2 × 10.00 on b): the two cheapest units (one of each line by id: a, a first)
        // are free, 20.00 capped at 10.01: the parts keep their proportions and sum exactly.
        var evaluation = EvaluateOne(Template("bg", new BuyGetBenefit { Buy = 1, Get = 1, MaxDiscount = Cny(10.01m) }), Basket(Line("a", 10m, 2m), Line("b", 10m, 2m)));

        evaluation.Discount.Should().Be(Cny(10.01m));
        evaluation.Lines.Sum(l => l.Discount.Amount).Should().Be(10.01m);
    }

    [Fact]
    public void Json_RoundTrips()
    {
        var template = CouponTemplate.FromJson(HalfOffCheapestJson);
        var percent = (PercentOffBenefit)template.Benefit;

        percent.Target!.Pick.Should().Be(UnitPick.Cheapest);
        percent.Target.Units.Should().Be(1);
        percent.MaxDiscount.Should().Be(Cny(30m));
        CouponTemplate.FromJson(template.ToJson()).ToJson().Should().Be(template.ToJson());
    }

    [Theory]
    [InlineData("""{ "id": "a", "benefit": { "kind": "percentOff", "percent": 50, "target": { "pick": "cheapest", "units": 0 } }, "validity": { "days": 7 } }""", "$.benefit.target.units")]
    [InlineData("""{ "id": "a", "benefit": { "kind": "percentOff", "percent": 50, "target": { "pick": "middle" } }, "validity": { "days": 7 } }""", "$.benefit.target.pick")]
    [InlineData("""{ "id": "a", "benefit": { "kind": "percentOff", "percent": 50, "target": { "units": 2 } }, "validity": { "days": 7 } }""", "$.benefit.target")]
    [InlineData("""{ "id": "a", "benefit": { "kind": "buyGet", "buy": 2, "get": 1, "maxDiscount": "0.00 CNY" }, "validity": { "days": 7 } }""", "$.benefit.maxDiscount")]
    [InlineData("""{ "id": "a", "benefit": { "kind": "fixedPrice", "price": "5.00 CNY", "maxItems": 2, "target": { "pick": "cheapest" } }, "validity": { "days": 7 } }""", "$.benefit.maxItems")]
    public void Json_Invalid_ThrowsAtThePath(string json, string path)
    {
        var act = () => CouponTemplate.FromJson(json);

        act.Should().Throw<CrmValidationException>().Where(e => e.ErrorCode == CrmErrorCodes.RulesInvalid && e.Field != null && e.Field.StartsWith(path, StringComparison.Ordinal));
    }
}
