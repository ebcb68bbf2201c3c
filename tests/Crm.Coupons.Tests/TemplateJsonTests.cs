namespace Crm.Coupons.Tests;

/// <summary>Templates as JSON: every benefit kind round-trips; errors name the JSON path.</summary>
public sealed class TemplateJsonTests : CouponsTestBase
{
    private const string Catalog = """
        [
          { "id": "pct", "benefit": { "kind": "percentOff", "percent": 15, "maxDiscount": "20.00 CNY" }, "validity": { "days": 7 } },
          { "id": "amt", "benefit": { "kind": "amountOff", "amount": "5.00 CNY" }, "validity": { "from": "2026-06-01T00:00:00Z", "to": "2026-07-01T00:00:00Z" } },
          { "id": "thr", "benefit": { "kind": "threshold", "minimum": "100.00 CNY", "discount": "20.00 CNY", "repeating": true }, "validity": { "days": 7 },
            "scope": { "categories": ["coffee"], "excludedSkus": ["cold-brew"] },
            "conditions": { "tiers": ["gold"], "channels": ["app", "miniProgram"], "weekdays": ["friday"], "hours": { "from": "15:00:00", "to": "17:00:00" }, "firstPurchaseOnly": true },
            "stacking": { "group": "order" }, "budget": { "maxIssued": 1000, "maxPerCustomer": 1, "perCustomerPeriod": "month" } },
          { "id": "lad", "benefit": { "kind": "ladder", "steps": [ { "minimum": "100.00 CNY", "discount": "10.00 CNY" }, { "minimum": "200.00 CNY", "discount": "25.00 CNY" } ] }, "validity": { "days": 7 } },
          { "id": "bg", "benefit": { "kind": "buyGet", "buy": 2, "get": 1 }, "validity": { "days": 7 }, "stacking": { "exclusive": true } },
          { "id": "nth", "benefit": { "kind": "nthItem", "n": 2, "percent": 50 }, "validity": { "days": 7 } },
          { "id": "fix", "benefit": { "kind": "fixedPrice", "price": "9.90 CNY" }, "scope": { "skus": ["latte"] }, "validity": { "days": 7 } },
          { "id": "gift", "benefit": { "kind": "freeGift", "sku": "tote-bag" }, "validity": { "days": 7 } },
          { "id": "del", "benefit": { "kind": "deliveryFeeOff" }, "validity": { "days": 7 }, "promoCode": "FREE-DELIVERY" },
        ]
        """;

    [Fact]
    public void ListFromJson_EveryKind_RoundTrips()
    {
        var templates = CouponTemplate.ListFromJson(Catalog);

        templates.Select(t => t.Benefit.GetType()).Should().Equal(
            typeof(PercentOffBenefit), typeof(AmountOffBenefit), typeof(ThresholdBenefit), typeof(LadderBenefit), typeof(BuyGetBenefit),
            typeof(NthItemBenefit), typeof(FixedPriceBenefit), typeof(FreeGiftBenefit), typeof(DeliveryFeeOffBenefit));
        var threshold = templates[2];
        threshold.Conditions.Hours!.From.Should().Be(new NodaTime.LocalTime(15, 0));
        threshold.Conditions.Channels.Should().Equal(SalesChannel.App, SalesChannel.MiniProgram);
        threshold.Budget.PerCustomerPeriod.Should().Be(CapPeriod.Month);
        foreach (var template in templates)
        {
            CouponTemplate.FromJson(template.ToJson()).ToJson().Should().Be(template.ToJson());
        }
    }

    [Theory]
    [InlineData("""[ { "id": "a", "benefit": { "kind": "percentOff", "percent": 0 }, "validity": { "days": 7 } } ]""", "$[0].benefit.percent")]
    [InlineData("""[ { "id": "a", "benefit": { "kind": "amountOff", "amount": "5.00 CNY" }, "validity": { "days": 7 } }, { "id": "b", "benefit": { "kind": "nthItem", "n": 1, "percent": 50 }, "validity": { "days": 7 } } ]""", "$[1].benefit.n")]
    [InlineData("""[ { "id": "a", "benefit": { "kind": "amountOff", "amount": "5.00 CNY" }, "validity": { "days": 7, "from": "2026-06-01T00:00:00Z" } } ]""", "$[0].validity")]
    [InlineData("""[ { "id": "a", "benefit": { "kind": "ladder", "steps": [ { "minimum": "200.00 CNY", "discount": "10.00 CNY" }, { "minimum": "100.00 CNY", "discount": "25.00 CNY" } ] }, "validity": { "days": 7 } } ]""", "$[0].benefit.steps[1]")]
    [InlineData("""[ { "id": "a", "benefit": { "kind": "amountOff", "amount": "5.00 CNY" }, "validity": { "days": 7 } }, { "id": "a", "benefit": { "kind": "amountOff", "amount": "5.00 CNY" }, "validity": { "days": 7 } } ]""", "$[1].id")]
    [InlineData("""[ { "id": "a", "benefit": { "kind": "bogus" }, "validity": { "days": 7 } } ]""", "$[0].benefit")]
    [InlineData("""[ { "id": "a", "benefit": { "kind": "amountOff", "amount": "5.00 CNY", "colour": "red" }, "validity": { "days": 7 } } ]""", "$[0].benefit")]
    public void ListFromJson_Invalid_ThrowsWithJsonPath(string json, string path)
    {
        var act = () => CouponTemplate.ListFromJson(json);

        act.Should().Throw<CrmValidationException>().Where(e => e.ErrorCode == CrmErrorCodes.RulesInvalid && e.Field != null && e.Field.StartsWith(path, StringComparison.Ordinal));
    }
}
