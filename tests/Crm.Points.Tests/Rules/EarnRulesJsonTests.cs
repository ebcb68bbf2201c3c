using NodaTime;

namespace Crm.Points.Tests.Rules;

public sealed class EarnRulesJsonTests
{
    private const string Full = """
        {
          // Coffee chain rules: comments and trailing commas are allowed.
          "pointsPerUnit": 1,
          "excludedCategories": [ "gift-card" ],
          "excludedSkus": [ "deposit-cup" ],
          "combination": "add",
          "multipliers": [
            { "kind": "memberDay", "dayOfWeek": "tuesday", "factor": 2 },
            { "kind": "memberDay", "dayOfMonth": 18, "factor": 3, "name": "18th of the month" },
            { "kind": "category", "category": "beans", "factor": 3 },
            { "kind": "sku", "sku": "latte-grande", "factor": 1.5 },
            { "kind": "tier", "tier": "gold", "factor": 1.2 },
            { "kind": "tierBenefit" },
            { "kind": "promotion", "from": "2026-06-01T00:00:00Z", "to": "2026-06-19T00:00:00Z", "factor": 2 },
          ],
          "firstPurchaseBonus": 100,
          "birthday": { "points": 200, "window": "week" },
          "events": [ { "event": "signUp", "points": 50 }, { "event": "review", "points": 10, "perCustomerLimit": 5 } ],
          "maxPointsPerPurchase": 2000,
          "maxPointsPerDay": 5000,
        }
        """;

    [Fact]
    public void FromJson_FullDocument_ReadsEveryRuleAndRoundTrips()
    {
        var rules = EarnRules.FromJson(Full);

        rules.Combination.Should().Be(MultiplierCombination.Add);
        rules.Multipliers.Should().HaveCount(7);
        rules.Multipliers[0].Should().BeOfType<MemberDayMultiplier>().Which.DayOfWeek.Should().Be(IsoDayOfWeek.Tuesday);
        rules.Multipliers[6].Should().BeOfType<PromotionMultiplier>().Which.To.Should().Be(Instant.FromUtc(2026, 6, 19, 0, 0));
        rules.Birthday!.Window.Should().Be(BirthdayWindow.Week);
        rules.FindEvent("review")!.PerCustomerLimit.Should().Be(5);

        var again = EarnRules.FromJson(rules.ToJson());
        again.ToJson().Should().Be(rules.ToJson());
    }

    [Theory]
    [InlineData("""{ "multipliers": [ { "kind": "category", "category": "coffee", "factor": 0 } ] }""", "$.multipliers[0].factor")]
    [InlineData("""{ "multipliers": [ { "kind": "memberDay", "dayOfWeek": "monday", "dayOfMonth": 1, "factor": 2 } ] }""", "$.multipliers[0].dayOfWeek")]
    [InlineData("""{ "multipliers": [ { "kind": "promotion", "from": "2026-06-02T00:00:00Z", "to": "2026-06-01T00:00:00Z", "factor": 2 } ] }""", "$.multipliers[0].to")]
    [InlineData("""{ "pointsPerUnit": -1 }""", "$.pointsPerUnit")]
    [InlineData("""{ "events": [ { "event": "signUp", "points": 5 }, { "event": "signUp", "points": 6 } ] }""", "$.events[1].event")]
    [InlineData("""{ "birthday": { "points": 0 } }""", "$.birthday.points")]
    [InlineData("""{ "maxPointsPerPurchase": 600, "maxPointsPerDay": 500 }""", "$.maxPointsPerPurchase")]
    [InlineData("""{ "excludedCategories": [ "" ] }""", "$.excludedCategories[0]")]
    public void FromJson_InconsistentRules_FailWithPath(string json, string path)
    {
        var act = () => EarnRules.FromJson(json);

        act.Should().Throw<CrmValidationException>().Where(e => e.ErrorCode == CrmErrorCodes.RulesInvalid && e.Field == path && e.Message.Contains(path));
    }

    [Theory]
    [InlineData("""{ "pointsPerUnit": "one" }""", "$.pointsPerUnit", "could not be converted to System.Decimal")]
    [InlineData("""{ "multipliers": [ { "kind": "category", "category": "coffee", "factor": 2 }, { "kind": "weekday", "factor": 2 } ] }""", "$.multipliers[1]", "unrecognized type discriminator id 'weekday'")]
    [InlineData("""{ "birthday": { "points": 10, "window": "year" } }""", "$.birthday.window", "could not be converted to Crm.Points.BirthdayWindow")]
    [InlineData("""{ "pointsPerUnitt": 1 }""", "$.pointsPerUnitt", "could not be mapped")]
    [InlineData("""{ "multipliers": [ { "kind": "category", "factor": 2 } ] }""", "$.multipliers[0]", "missing required properties including: 'category'")]
    [InlineData("""{ "pointsPerUnit": 1 """, "$", "open JSON object or array")]
    public void FromJson_MalformedDocument_FailsWithPathAndReason(string json, string path, string reason)
    {
        var act = () => EarnRules.FromJson(json);

        var error = act.Should().Throw<CrmValidationException>().Which;
        error.ErrorCode.Should().Be(CrmErrorCodes.RulesInvalid);
        error.Field.Should().Be(path);
        error.Message.Should().Contain(reason);
    }

    [Fact]
    public void Evaluate_ContributionsSumToAward()
    {
        var rules = EarnRules.FromJson(Full);
        var context = new EarnContext
        {
            OccurredAt = Instant.FromUtc(2026, 6, 2, 2, 0),
            TimeZone = DateTimeZoneProviders.Tzdb["Asia/Shanghai"],
            Tier = new CustomerTier("gold", 1, 1.5m),
            IsFirstPurchase = true,
            Lines =
            [
                new ActivityLine { LineId = "1", Sku = "latte-grande", Category = "coffee", Quantity = 2m, Amount = new Money(36m, Currency.CNY) },
                new ActivityLine { LineId = "2", Sku = "ethiopia-250g", Category = "beans", Quantity = 1m, Amount = new Money(88m, Currency.CNY) },
                new ActivityLine { LineId = "3", Sku = "gift-card-100", Category = "gift-card", Quantity = 1m, Amount = new Money(100m, Currency.CNY) },
            ],
        };

        var evaluation = rules.Evaluate(context);

        evaluation.Contributions.Sum(c => c.Points.Value).Should().Be(evaluation.Points.Value);
        evaluation.Contributions.Should().Contain(c => c.Rule == "first purchase bonus");
        evaluation.ToString().Should().StartWith("base 1 per unit: +124 pts; member day Tuesday x2: +124 pts");
    }
}
