namespace Crm.Coupons.Tests;

/// <summary>Every benefit kind on hand-computed baskets.</summary>
public sealed class BenefitScenarioTests : CouponsTestBase
{
    [Fact]
    public void NthItem_ThreeDrinksSecondCupHalfPrice_DiscountsCheaperOfThePair()
    {
        // Ranked dearest first: 25, 22, 18. The pair is (25, 22); the cheaper, 22.00, is half price: 11.00. 18.00 has no partner.
        var template = Template("second-half", new NthItemBenefit { N = 2, Percent = 50m });

        var result = EvaluateOne(template, Basket(Line("a", 18m), Line("b", 22m), Line("c", 25m)));

        result.IsApplicable.Should().BeTrue();
        result.Discount.Should().Be(Cny(11.00m));
        Allocation(result).Should().Equal(new Dictionary<string, decimal> { ["b"] = 11.00m });
    }

    [Fact]
    public void NthItem_FourDrinks_DiscountsSecondAndFourth()
    {
        // 25, 22, 18, 15 → pairs (25,22) and (18,15): 11.00 + 7.50 = 18.50.
        var result = EvaluateOne(Template("second-half", new NthItemBenefit { N = 2, Percent = 50m }), Basket(Line("a", 18m), Line("b", 22m), Line("c", 25m), Line("d", 15m)));

        result.Discount.Should().Be(Cny(18.50m));
        Allocation(result).Should().Equal(new Dictionary<string, decimal> { ["b"] = 11.00m, ["d"] = 7.50m });
    }

    [Fact]
    public void NthItem_OneDrink_NotEnoughItems()
    {
        var result = EvaluateOne(Template("second-half", new NthItemBenefit { N = 2, Percent = 50m }), Basket(Line("a", 18m)));

        result.IsApplicable.Should().BeFalse();
        result.Discount.Should().Be(Cny(0m));
        result.Reasons.Select(r => r.Code).Should().Equal(CouponReasonCodes.NotEnoughItems);
    }

    [Fact]
    public void Threshold_AtExactly100_Saves20()
    {
        // 60.00 + 40.00 = 100.00 ≥ 100.00 → 20.00, split 60:40 → 12.00 + 8.00.
        var template = Template("spend100", new ThresholdBenefit { Minimum = Cny(100m), Discount = Cny(20m) });

        var result = EvaluateOne(template, Basket(Line("a", 60m), Line("b", 40m)));

        result.Discount.Should().Be(Cny(20m));
        Allocation(result).Should().Equal(new Dictionary<string, decimal> { ["a"] = 12.00m, ["b"] = 8.00m });
    }

    [Fact]
    public void Threshold_At99_99_NotApplicableWithReason()
    {
        var template = Template("spend100", new ThresholdBenefit { Minimum = Cny(100m), Discount = Cny(20m) });

        var result = EvaluateOne(template, Basket(Line("a", 59.99m), Line("b", 40m)));

        result.IsApplicable.Should().BeFalse();
        result.Discount.Should().Be(Cny(0m));
        result.Lines.Should().BeEmpty();
        result.Reasons.Should().ContainSingle().Which.Should().Be(new CouponReason(CouponReasonCodes.MinimumSpend, "minimum spend 100.00 CNY on eligible items, basket has 99.99 CNY"));
    }

    [Fact]
    public void Threshold_Repeating_SavesPerFullHundred()
    {
        // 250.00 holds two full 100.00 → 2 × 20.00 = 40.00.
        var result = EvaluateOne(Template("every100", new ThresholdBenefit { Minimum = Cny(100m), Discount = Cny(20m), Repeating = true }), Basket(Line("a", 250m)));

        result.Discount.Should().Be(Cny(40m));
    }

    [Fact]
    public void Threshold_CountsOnlyEligibleLines()
    {
        // 90.00 of coffee + 30.00 of gift cards (excluded): eligible spend 90.00 < 100.00.
        var template = Template("spend100", new ThresholdBenefit { Minimum = Cny(100m), Discount = Cny(20m) }, new CouponScope { ExcludedCategories = ["gift-card"] });

        var result = EvaluateOne(template, Basket(Line("a", 90m), Line("g", 30m, category: "gift-card")));

        result.Reasons.Single().Message.Should().Be("minimum spend 100.00 CNY on eligible items, basket has 90.00 CNY");
    }

    [Theory]
    [InlineData(99.99, 0)]
    [InlineData(100.00, 10)]
    [InlineData(199.99, 10)]
    [InlineData(200.00, 25)]
    [InlineData(500.00, 25)]
    public void Ladder_HighestStepReached_Applies(decimal spend, decimal expected)
    {
        var template = Template("ladder", new LadderBenefit { Steps = [new LadderStep { Minimum = Cny(100m), Discount = Cny(10m) }, new LadderStep { Minimum = Cny(200m), Discount = Cny(25m) }] });

        var result = EvaluateOne(template, Basket(Line("a", spend)));

        result.Discount.Should().Be(Cny(expected));
        result.IsApplicable.Should().Be(expected > 0);
    }

    [Fact]
    public void PercentOff_WithCap_StopsAtCap()
    {
        // 20% of 120.00 = 24.00, capped at 15.00; split 80:40 → 10.00 + 5.00.
        var template = Template("pct20", new PercentOffBenefit { Percent = 20m, MaxDiscount = Cny(15m) });

        var result = EvaluateOne(template, Basket(Line("a", 80m), Line("b", 40m)));

        result.Discount.Should().Be(Cny(15m));
        Allocation(result).Should().Equal(new Dictionary<string, decimal> { ["a"] = 10.00m, ["b"] = 5.00m });
    }

    [Fact]
    public void PercentOff_BelowCap_TakesPercentRounded()
    {
        // 15% of 33.33 = 4.9995 → 5.00 (away from zero).
        var result = EvaluateOne(Template("pct15", new PercentOffBenefit { Percent = 15m, MaxDiscount = Cny(15m) }), Basket(Line("a", 33.33m)));

        result.Discount.Should().Be(Cny(5.00m));
    }

    [Fact]
    public void AmountOff_ThreeEqualLines_LargestRemainderByLineId()
    {
        // 10.00 over 5.00/5.00/5.00 → 3.333… each: 3.33 × 3 = 9.99, the spare cent to the lowest line id "a".
        var result = EvaluateOne(Template("off10", new AmountOffBenefit { Amount = Cny(10m) }), Basket(Line("c", 5m), Line("a", 5m), Line("b", 5m)));

        result.Discount.Should().Be(Cny(10m));
        Allocation(result).Should().Equal(new Dictionary<string, decimal> { ["a"] = 3.34m, ["b"] = 3.33m, ["c"] = 3.33m });
        result.Lines.Select(l => l.LineId).Should().Equal("a", "b", "c");
    }

    [Fact]
    public void AmountOff_MoreThanBasket_NeverExceedsEligibleSubtotal()
    {
        var result = EvaluateOne(Template("off10", new AmountOffBenefit { Amount = Cny(10m) }), Basket(Line("a", 3m)));

        result.Discount.Should().Be(Cny(3m));
    }

    [Fact]
    public void BuyTwoGetOne_CheapestIsFree()
    {
        // 18, 22, 25: one group of three, the cheapest (18.00) free.
        var result = EvaluateOne(Template("b2g1", new BuyGetBenefit { Buy = 2, Get = 1 }), Basket(Line("a", 22m), Line("b", 18m), Line("c", 25m)));

        result.Discount.Should().Be(Cny(18m));
        Allocation(result).Should().Equal(new Dictionary<string, decimal> { ["b"] = 18m });
    }

    [Fact]
    public void BuyTwoGetOne_SixItemsOnTwoLines_TwoCheapestFree()
    {
        // 4 × 10.00 and 2 × 30.00: two groups → two free items, both 10.00: 20.00 off the 40.00 line.
        var result = EvaluateOne(Template("b2g1", new BuyGetBenefit { Buy = 2, Get = 1 }), Basket(Line("a", 10m, 4m), Line("b", 30m, 2m)));

        result.Discount.Should().Be(Cny(20m));
        Allocation(result).Should().Equal(new Dictionary<string, decimal> { ["a"] = 20m });
    }

    [Fact]
    public void BuyGet_NamedSku_GivesThatSkuFree()
    {
        // Buy 2 lattes, get 1 cookie free: 2 lattes → 1 cookie (6.00) free.
        var template = Template("latte-cookie", new BuyGetBenefit { Buy = 2, Get = 1, FreeSkus = ["cookie"] }, new CouponScope { Skus = ["latte"] });

        var result = EvaluateOne(template, Basket(Line("a", 30m, 2m, sku: "latte"), Line("b", 6m, 2m, category: "bakery", sku: "cookie")));

        result.Discount.Should().Be(Cny(6m));
        Allocation(result).Should().Equal(new Dictionary<string, decimal> { ["b"] = 6m });
    }

    [Fact]
    public void FixedPrice_LineBelowPrice_NoNegativeDiscount()
    {
        var template = Template("latte990", new FixedPriceBenefit { Price = Cny(9.90m) }, new CouponScope { Skus = ["latte"] });

        var result = EvaluateOne(template, Basket(Line("a", 8.50m, sku: "latte")));

        result.IsApplicable.Should().BeFalse();
        result.Discount.Should().Be(Cny(0m));
        result.Lines.Should().BeEmpty();
        result.Reasons.Single().Code.Should().Be(CouponReasonCodes.NoSaving);
    }

    [Fact]
    public void FixedPrice_DearestItemGetsThePrice()
    {
        // Lattes at 32.00 and 28.00; one item at 9.90: the dearest, 32.00 − 9.90 = 22.10.
        var template = Template("latte990", new FixedPriceBenefit { Price = Cny(9.90m) }, new CouponScope { Skus = ["latte"] });

        var result = EvaluateOne(template, Basket(Line("a", 28m, sku: "latte"), Line("b", 32m, sku: "latte"), Line("c", 40m, category: "tea")));

        result.Discount.Should().Be(Cny(22.10m));
        Allocation(result).Should().Equal(new Dictionary<string, decimal> { ["b"] = 22.10m });
    }

    [Fact]
    public void FreeGift_InBasket_IsFree_MissingSaysSo()
    {
        var template = Template("gift", new FreeGiftBenefit { Sku = "tote-bag" });

        var present = EvaluateOne(template, Basket(Line("a", 30m), Line("g", 15m, category: "merch", sku: "tote-bag")));
        var missing = EvaluateOne(template, Basket(Line("a", 30m)));

        present.Discount.Should().Be(Cny(15m));
        Allocation(present).Should().Equal(new Dictionary<string, decimal> { ["g"] = 15m });
        missing.Reasons.Single().Code.Should().Be(CouponReasonCodes.GiftMissing);
    }

    [Fact]
    public void DeliveryFeeOff_TakesAmountOffFee()
    {
        var template = Template("delivery5", new DeliveryFeeOffBenefit { Amount = Cny(5m) });
        var basket = new CouponBasket { Lines = [Line("a", 30m)], StoreId = "sh-001", Channel = SalesChannel.Delivery, DeliveryFee = Cny(8m) };

        var result = EvaluateOne(template, basket);
        var noFee = EvaluateOne(template, Basket(Line("a", 30m)));

        result.Discount.Should().Be(Cny(5m));
        result.OnDeliveryFee.Should().BeTrue();
        result.Lines.Should().BeEmpty();
        noFee.Reasons.Single().Code.Should().Be(CouponReasonCodes.NoDeliveryFee);
    }

    [Fact]
    public void Scope_CategoriesAndExclusions_AllocatesOnlyToEligibleLines()
    {
        // Coffee except the "cold-brew" SKU: eligible 30.00 + 20.00 = 50.00; 10% = 5.00 → 3.00 + 2.00.
        var template = Template("coffee10", new PercentOffBenefit { Percent = 10m }, new CouponScope { Categories = ["coffee"], ExcludedSkus = ["cold-brew"] });

        var result = EvaluateOne(template, Basket(Line("a", 30m), Line("b", 20m), Line("c", 25m, sku: "cold-brew"), Line("d", 50m, category: "tea")));

        result.Discount.Should().Be(Cny(5m));
        Allocation(result).Should().Equal(new Dictionary<string, decimal> { ["a"] = 3m, ["b"] = 2m });
    }

    [Fact]
    public void Scope_NothingEligible_SaysSo()
    {
        var result = EvaluateOne(Template("tea10", new PercentOffBenefit { Percent = 10m }, new CouponScope { Categories = ["tea"] }), Basket(Line("a", 30m)));

        result.Reasons.Single().Code.Should().Be(CouponReasonCodes.NoEligibleItems);
    }
}
