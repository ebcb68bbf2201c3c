namespace Crm.Coupons.Tests;

/// <summary>Issue 21 item 3: conditions count their own qualifying lines, separate from the lines the benefit discounts.</summary>
public sealed class QualifyingScopeTests : CouponsTestBase
{
    /// <summary>"At least 3 of A and an order of at least 320 → 10% off A."</summary>
    private const string ThreeOfAJson = """
        { "id": "three-a", "benefit": { "kind": "percentOff", "percent": 10 },
          "scope": { "skus": [ "A" ] },
          "conditions": { "qualifyingScope": { "skus": [ "A" ] }, "minimumQuantity": 3,
                          "minimumSpend": "320.00 CNY", "minimumSpendOn": "order" },
          "validity": { "days": 7 } }
        """;

    [Fact]
    public void ThreeOfA_AndOrder320_TenPercentOffA()
    {
        // 3 × A at 50.00 = 150.00 and B 200.00: the order is 350.00 ≥ 320.00 and there are 3 A. 10% of A's 150.00 = 15.00, all on A.
        var template = CouponTemplate.FromJson(ThreeOfAJson);

        var evaluation = EvaluateOne(template, Basket(Line("a", 50m, 3m, sku: "A"), Line("b", 200m, sku: "B")));

        evaluation.Discount.Should().Be(Cny(15m));
        Allocation(evaluation).Should().Equal(new Dictionary<string, decimal> { ["a"] = 15m });
    }

    [Fact]
    public void ThreeOfA_TwoOfAAndOrder300_BothReasons()
    {
        // 2 × A = 100.00 and B 200.00: 2 < 3 qualifying items, and the order is 300.00 < 320.00.
        var template = CouponTemplate.FromJson(ThreeOfAJson);

        var evaluation = EvaluateOne(template, Basket(Line("a", 50m, 2m, sku: "A"), Line("b", 200m, sku: "B")));

        evaluation.Reasons.Should().Equal(
            new CouponReason(CouponReasonCodes.MinimumSpend, "minimum spend 320.00 CNY on the order, basket has 300.00 CNY"),
            new CouponReason(CouponReasonCodes.MinimumQuantity, "minimum 3 qualifying items, basket has 2"));
    }

    [Fact]
    public void ThreeOfA_OrderMetOnlyThanksToB_StillApplies()
    {
        // The discounted scope alone (A: 150.00) is far below 320.00; the order counts every line: 150.00 + 180.00 = 330.00.
        var template = CouponTemplate.FromJson(ThreeOfAJson);

        EvaluateOne(template, Basket(Line("a", 50m, 3m, sku: "A"), Line("b", 180m, sku: "B"))).Discount.Should().Be(Cny(15m));
    }

    [Fact]
    public void QualifyingScopeDiffersFromDiscountedScope_BuyTwoCoffeesGetPastryHalfOff()
    {
        // Qualifying: at least 2 coffees; discounted: bakery at 50%. 2 coffees (40.00) and a pastry 12.00: 6.00 off the pastry only.
        var template = Template(
            "coffee-pastry",
            new PercentOffBenefit { Percent = 50m },
            new CouponScope { Categories = ["bakery"] },
            new CouponConditions { QualifyingScope = new CouponScope { Categories = ["coffee"] }, MinimumQuantity = 2m });

        var met = EvaluateOne(template, Basket(Line("c", 20m, 2m), Line("p", 12m, category: "bakery")));
        var unmet = EvaluateOne(template, Basket(Line("c", 20m), Line("p", 12m, category: "bakery")));
        var noCoffee = EvaluateOne(template, Basket(Line("p", 12m, category: "bakery")));

        met.Discount.Should().Be(Cny(6m));
        Allocation(met).Should().Equal(new Dictionary<string, decimal> { ["p"] = 6m });
        unmet.Reasons.Should().Equal(new CouponReason(CouponReasonCodes.MinimumQuantity, "minimum 2 qualifying items, basket has 1"));
        noCoffee.Reasons.Select(r => r.Code).Should().Equal(CouponReasonCodes.NoQualifyingItems, CouponReasonCodes.MinimumQuantity);
    }

    [Fact]
    public void MinimumSpendOnQualifyingScope_CountsOnlyQualifyingLines()
    {
        // Spend 30.00 on coffee, get 5.00 off bakery. Coffee 25.00 + bakery 40.00: 25.00 < 30.00 on qualifying items.
        var template = Template(
            "coffee-30",
            new AmountOffBenefit { Amount = Cny(5m) },
            new CouponScope { Categories = ["bakery"] },
            new CouponConditions { QualifyingScope = new CouponScope { Categories = ["coffee"] }, MinimumSpend = Cny(30m) });

        EvaluateOne(template, Basket(Line("c", 25m), Line("p", 40m, category: "bakery"))).Reasons
            .Should().Equal(new CouponReason(CouponReasonCodes.MinimumSpend, "minimum spend 30.00 CNY on qualifying items, basket has 25.00 CNY"));
        EvaluateOne(template, Basket(Line("c", 30m), Line("p", 40m, category: "bakery"))).Discount.Should().Be(Cny(5m));
    }

    [Fact]
    public void WithoutQualifyingScope_ConditionsCountEligibleLines_AsBefore()
    {
        var template = Template("a5", new AmountOffBenefit { Amount = Cny(5m) }, new CouponScope { Categories = ["coffee"] }, new CouponConditions { MinimumSpend = Cny(30m) });

        EvaluateOne(template, Basket(Line("c", 25m), Line("p", 40m, category: "bakery"))).Reasons
            .Should().Equal(new CouponReason(CouponReasonCodes.MinimumSpend, "minimum spend 30.00 CNY on eligible items, basket has 25.00 CNY"));
    }

    [Fact]
    public void OrderMinimum_AfterAnotherCouponsDiscount_SaysSoWithTheAmounts()
    {
        // Order 330.00; 20.00 off the order (amount, applied before the 10%) leaves 310.00 < 320.00. 20.00 alone beats 15.00 alone.
        var three = CouponTemplate.FromJson(ThreeOfAJson);
        var off = Template("off20", new AmountOffBenefit { Amount = Cny(20m) });

        var best = CombinationTests.Best(Basket(Line("a", 50m, 3m, sku: "A"), Line("b", 180m, sku: "B")), 3, BenefitOrder.AmountOffFirst, three, off);

        best.TotalDiscount.Should().Be(Cny(20m));
        best.LeftOut["THREE-A"].Should().Be(new CouponReason(
            CouponReasonCodes.MinimumNotMetAfterDiscounts,
            "minimum spend 320.00 CNY on the order: 330.00 CNY before the other discounts, 310.00 CNY after them"));
    }

    [Fact]
    public void Json_RoundTrips()
    {
        var template = CouponTemplate.FromJson(ThreeOfAJson);

        template.Conditions.QualifyingScope!.Skus.Should().Equal("A");
        template.Conditions.MinimumSpendOn.Should().Be(MinimumSpendBasis.Order);
        CouponTemplate.FromJson(template.ToJson()).ToJson().Should().Be(template.ToJson());
    }

    [Theory]
    [InlineData("""{ "id": "a", "benefit": { "kind": "amountOff", "amount": "5.00 CNY" }, "conditions": { "minimumSpend": "10.00 CNY", "minimumSpendOn": "everything" }, "validity": { "days": 7 } }""", "$.conditions.minimumSpendOn")]
    [InlineData("""{ "id": "a", "benefit": { "kind": "amountOff", "amount": "5.00 CNY" }, "conditions": { "qualifyingScope": { "skus": null } }, "validity": { "days": 7 } }""", "$.conditions.qualifyingScope")]
    [InlineData("""{ "id": "a", "benefit": { "kind": "amountOff", "amount": "5.00 CNY" }, "conditions": { "qualifyingScope": { "sku": [ "A" ] } }, "validity": { "days": 7 } }""", "$.conditions.qualifyingScope")]
    public void Json_Invalid_ThrowsAtThePath(string json, string path)
    {
        var act = () => CouponTemplate.FromJson(json);

        act.Should().Throw<CrmValidationException>().Where(e => e.ErrorCode == CrmErrorCodes.RulesInvalid && e.Field != null && e.Field.StartsWith(path, StringComparison.Ordinal));
    }
}
