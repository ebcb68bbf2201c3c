using Crm.Coupons.Internal;

namespace Crm.Coupons.Tests;

/// <summary>Issue 21 item 7: free units count as bought, and the two readings of buy N get M.</summary>
public sealed class BuyGetReadingTests : CouponsTestBase
{
    private static readonly CouponScope Lattes = new() { Skus = ["latte"] };

    [Fact]
    public void EveryNthFree_SameSku_FourLattes_OneFree()
    {
        // Buy 3 latte get 1 latte, 4 lattes at 20.00: the 4th is free, 20.00 off. Before round 2 the free SKU's units
        // were never counted as bought and the reason read "basket has 0".
        var template = Template("b3g1", new BuyGetBenefit { Buy = 3, Get = 1, FreeSkus = ["latte"] }, Lattes);

        var four = EvaluateOne(template, Basket(Line("a", 20m, 4m, sku: "latte")));
        var three = EvaluateOne(template, Basket(Line("a", 20m, 3m, sku: "latte")));

        four.Discount.Should().Be(Cny(20m));
        three.Reasons.Should().Equal(new CouponReason(CouponReasonCodes.NotEnoughItems, "buy 3 get 1 needs 4 eligible items, basket has 3"));
    }

    [Fact]
    public void EveryNthFree_FreeSkuInScope_CheapestFreeUnitOfThatSku()
    {
        // Scope: coffee (latte 20.00 × 2, mocha 25.00 × 2); free SKU latte. 4 eligible units, buy 3 get 1: one latte free.
        var template = Template("b3g1", new BuyGetBenefit { Buy = 3, Get = 1, FreeSkus = ["latte"] }, new CouponScope { Categories = ["coffee"] });

        var evaluation = EvaluateOne(template, Basket(Line("l", 20m, 2m, sku: "latte"), Line("m", 25m, 2m, sku: "mocha")));

        evaluation.Discount.Should().Be(Cny(20m));
        Allocation(evaluation).Should().Equal(new Dictionary<string, decimal> { ["l"] = 20m });
    }

    [Fact]
    public void EveryNthFree_FreeSkuOutsideScope_EveryNBoughtGiveM()
    {
        // Buy 2 coffees get a cookie: 2 coffees and a 6.00 cookie, the cookie is free; 1 coffee is not enough.
        var template = Template("coffee-cookie", new BuyGetBenefit { Buy = 2, Get = 1, FreeSkus = ["cookie"] }, new CouponScope { Categories = ["coffee"] });

        EvaluateOne(template, Basket(Line("c", 20m, 2m), Line("k", 6m, category: "bakery", sku: "cookie"))).Discount.Should().Be(Cny(6m));
        EvaluateOne(template, Basket(Line("c", 20m), Line("k", 6m, category: "bakery", sku: "cookie"))).Reasons
            .Should().Equal(new CouponReason(CouponReasonCodes.NotEnoughItems, "buy 2 get 1 needs 2 eligible items, basket has 1"));
        EvaluateOne(template, Basket(Line("c", 20m, 2m))).Reasons.Select(r => r.Code).Should().Equal(CouponReasonCodes.GiftMissing);
    }

    [Fact]
    public void AddFree_TwoLattesBought_AsksToAddOne_ThenMakesItFree()
    {
        // Buy 2 latte get 1 latte, added free. 2 lattes bought: not yet applicable, add 1 latte. The host adds it on line
        // "free-1" and names that line: 20.00 off, all on it; the 2 bought lattes are untouched.
        var template = Template("b2g1-add", new BuyGetBenefit { Buy = 2, Get = 1, FreeSkus = ["latte"], Reading = BuyGetReading.AddFree }, Lattes);

        var before = EvaluateOne(template, Basket(Line("a", 20m, 2m, sku: "latte")));
        var after = EvaluateOne(template, new CouponBasket { Lines = [Line("a", 20m, 2m, sku: "latte"), Line("free-1", 20m, sku: "latte")], StoreId = "sh-001", AddedFreeLineIds = ["free-1"] });

        before.IsApplicable.Should().BeFalse();
        before.Reasons.Should().Equal(new CouponReason(CouponReasonCodes.FreeUnitsToAdd, "buy 2 get 1: add 1 × latte to the basket, free with the coupon"));
        before.UnitsToAdd.Should().Equal(new CouponUnitsToAdd("latte", 1));
        after.Discount.Should().Be(Cny(20m));
        Allocation(after).Should().Equal(new Dictionary<string, decimal> { ["free-1"] = 20m });
        after.UnitsToAdd.Should().BeEmpty();
    }

    [Fact]
    public void AddFree_FiveBought_TwoToAdd_OneAlreadyAdded_AsksForTheOther()
    {
        // 5 lattes bought: 2 groups, 2 free; one is already on an added line, so 1 more to add.
        var template = Template("b2g1-add", new BuyGetBenefit { Buy = 2, Get = 1, FreeSkus = ["latte"], Reading = BuyGetReading.AddFree }, Lattes);

        var evaluation = EvaluateOne(template, new CouponBasket { Lines = [Line("a", 20m, 5m, sku: "latte"), Line("free-1", 20m, sku: "latte")], StoreId = "sh-001", AddedFreeLineIds = ["free-1"] });

        evaluation.UnitsToAdd.Should().Equal(new CouponUnitsToAdd("latte", 1));
    }

    [Fact]
    public void AddFree_RecordedPurchase_InfersTheAddedUnits()
    {
        // A recorded purchase has 3 lattes and no marks: 2 bought + 1 free is the most groups the units allow.
        var template = Template("b2g1-add", new BuyGetBenefit { Buy = 2, Get = 1, FreeSkus = ["latte"], Reading = BuyGetReading.AddFree }, Lattes);
        template.Validate();
        var prepared = PreparedBasket.Prepare(Basket(Line("a", 20m, 3m, sku: "latte")), Currency.CNY, Shanghai, Now, MidpointRounding.AwayFromZero, inferAddedFree: true);
        var evaluator = new CouponEvaluator(3, BenefitOrder.AmountOffFirst, MidpointRounding.AwayFromZero);

        var evaluation = evaluator.EvaluateOne(prepared, new CustomerContext(Alice, null, [], 0), new Candidate(CouponOf(template, Now), template, CouponSource.Wallet));

        evaluation.Discount.Should().Be(Cny(20m));
    }

    [Fact]
    public void AddedFreeLineIds_UnknownLine_IsRefusedAtItsField()
    {
        var basket = new CouponBasket { Lines = [Line("a", 20m)], StoreId = "sh-001", AddedFreeLineIds = ["nope"] };

        var act = () => PreparedBasket.Prepare(basket, Currency.CNY, Shanghai, Now, MidpointRounding.AwayFromZero);

        act.Should().Throw<CrmValidationException>().Where(e => e.ErrorCode == CouponsErrorCodes.BasketInvalid && e.Field == "addedFreeLineIds");
    }

    [Fact]
    public void Json_Reading_RoundTrips()
    {
        var template = CouponTemplate.FromJson("""
            { "id": "b2g1-add", "benefit": { "kind": "buyGet", "buy": 2, "get": 1, "freeSkus": [ "latte" ], "reading": "addFree" },
              "scope": { "skus": [ "latte" ] }, "validity": { "days": 7 } }
            """);

        ((BuyGetBenefit)template.Benefit).Reading.Should().Be(BuyGetReading.AddFree);
        CouponTemplate.FromJson(template.ToJson()).ToJson().Should().Be(template.ToJson());
    }

    [Theory]
    [InlineData("""{ "id": "a", "benefit": { "kind": "buyGet", "buy": 2, "get": 1, "reading": "addFree" }, "validity": { "days": 7 } }""", "$.benefit.freeSkus")]
    [InlineData("""{ "id": "a", "benefit": { "kind": "buyGet", "buy": 2, "get": 1, "reading": "sometimes" }, "validity": { "days": 7 } }""", "$.benefit.reading")]
    public void Json_Invalid_ThrowsAtThePath(string json, string path)
    {
        var act = () => CouponTemplate.FromJson(json);

        act.Should().Throw<CrmValidationException>().Where(e => e.ErrorCode == CrmErrorCodes.RulesInvalid && e.Field != null && e.Field.StartsWith(path, StringComparison.Ordinal));
    }
}
