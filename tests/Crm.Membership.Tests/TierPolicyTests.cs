namespace Crm.Membership.Tests;

public sealed class TierPolicyTests
{
    private const string Valid = """
        {
          // coffee chain: levels by cups in a rolling 12 months
          "window": { "kind": "rollingMonths", "months": 12 },
          "review": { "schedule": "tierAnniversary", "validityMonths": 12, "mode": "toQualifying", "graceDays": 30 },
          "refundPolicy": "nextReview",
          "tiers": [
            { "name": "green" },
            { "name": "gold", "thresholds": [ { "metric": "purchaseCount", "minimum": 30 } ],
              "benefits": { "pointsMultiplier": 1.5, "welcomeCouponTemplateId": "gold-welcome",
                            "periodic": [ { "couponTemplateId": "monthly-cup", "count": 2, "period": "monthly" } ] } },
            { "name": "black", "match": "all",
              "thresholds": [ { "metric": "purchaseCount", "minimum": 100 }, { "metric": "netSpend", "minimum": 3000 } ] },
          ],
        }
        """;

    [Fact]
    public void FromJson_ValidPolicy_ReadsEverything()
    {
        var policy = TierPolicy.FromJson(Valid);

        policy.Window.Should().BeOfType<RollingMonthsWindow>().Which.Months.Should().Be(12);
        policy.Review.Mode.Should().Be(DowngradeMode.ToQualifying);
        policy.Tiers.Select(t => t.Name).Should().Equal("green", "gold", "black");
        policy.Tiers[1].Benefits.Periodic.Should().ContainSingle().Which.Count.Should().Be(2);
        policy.Tiers[2].Match.Should().Be(ThresholdMatch.All);
        policy.RankOf("black").Should().Be(2);
        TierPolicy.FromJson(policy.ToJson()).ToJson().Should().Be(policy.ToJson());
    }

    [Theory]
    [InlineData("""{ "window": { "kind": "rollingMonths", "months": 12 }, "tiers": [] }""", "$.tiers")]
    [InlineData("""{ "window": { "kind": "rollingMonths", "months": 0 }, "tiers": [ { "name": "green" } ] }""", "$.window.months")]
    [InlineData("""{ "window": { "kind": "weekly" }, "tiers": [ { "name": "green" } ] }""", "$.window")]
    [InlineData("""{ "window": { "kind": "calendarYear" }, "tiers": [ { "name": "green" }, { "name": "green", "thresholds": [ { "metric": "netSpend", "minimum": 1 } ] } ] }""", "$.tiers[1].name")]
    [InlineData("""{ "window": { "kind": "calendarYear" }, "tiers": [ { "name": "green", "thresholds": [ { "metric": "netSpend", "minimum": 1 } ] } ] }""", "$.tiers[0].thresholds")]
    [InlineData("""{ "window": { "kind": "calendarYear" }, "tiers": [ { "name": "green" }, { "name": "gold" } ] }""", "$.tiers[1].thresholds")]
    [InlineData("""{ "window": { "kind": "calendarYear" }, "tiers": [ { "name": "green" }, { "name": "gold", "thresholds": [ { "metric": "netSpend", "minimum": 500 } ] }, { "name": "black", "thresholds": [ { "metric": "netSpend", "minimum": 500 } ] } ] }""", "$.tiers[2].thresholds[0].minimum")]
    [InlineData("""{ "window": { "kind": "calendarYear" }, "tiers": [ { "name": "green" }, { "name": "gold", "thresholds": [ { "metric": "visits", "minimum": 5 } ] } ] }""", "$.tiers[1].thresholds[0].metric")]
    [InlineData("""{ "window": { "kind": "calendarYear" }, "review": { "schedule": "calendarDate", "month": 2, "day": 30 }, "tiers": [ { "name": "green" } ] }""", "$.review.day")]
    [InlineData("""{ "window": { "kind": "calendarYear" }, "tiers": [ { "name": "green", "benefits": { "pointsMultiplier": 0 } } ] }""", "$.tiers[0].benefits.pointsMultiplier")]
    public void FromJson_BadPolicy_FailsWithJsonPath(string json, string path)
    {
        var act = () => TierPolicy.FromJson(json);

        var error = act.Should().Throw<CrmValidationException>().Which;
        error.ErrorCode.Should().Be(CrmErrorCodes.RulesInvalid);
        error.Field.Should().Be(path);
    }

    [Fact]
    public void AddMembership_WithoutPolicy_FailsNamingTheSetting()
    {
        var result = new MembershipOptionsValidator().Validate(null, new MembershipOptions());

        result.Failed.Should().BeTrue();
        result.FailureMessage.Should().Contain("MembershipOptions.Policy");
    }
}
