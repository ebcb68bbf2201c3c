namespace Crm.Campaigns.Tests.Definition;

public sealed class CampaignJsonTests
{
    private const string Json = """
        {
          "id": "spring-latte",
          "salt": "2027-03",
          "start": "2027-03-01",
          "end": "2027-03-07",
          "channel": "push",
          "attributionDays": 14,
          "maxCoupons": 5000,
          "primaryMetric": "marginPerCustomer",
          "marginRate": 0.6,
          "arms": [
            { "name": "latte-5-off", "kind": "coupon", "weight": 45, "couponTemplateId": "latte-5-off", "discountPerConverter": "5.00 CNY" },
            { "name": "message", "kind": "message", "weight": 45 },
            { "name": "holdout", "kind": "holdout", "weight": 10 }
          ]
        }
        """;

    [Fact]
    public void FromJson_Example_ReadsEveryField()
    {
        var campaign = Campaign.FromJson(Json);

        campaign.Id.Should().Be("spring-latte");
        campaign.Channel.Should().Be(ContactChannels.Push);
        campaign.MaxCoupons.Should().Be(5000);
        campaign.PrimaryMetric.Should().Be(CampaignMetric.MarginPerCustomer);
        campaign.Arms.Select(a => a.Kind).Should().Equal(CampaignArmKind.Coupon, CampaignArmKind.Message, CampaignArmKind.Holdout);
        campaign.Arms[0].DiscountPerConverter.Should().Be(new Money(5m, Currency.CNY));
        Campaign.FromJson(campaign.ToJson()).ToJson().Should().Be(campaign.ToJson());
    }

    [Theory]
    [InlineData("\"weight\": 45, \"couponTemplateId\"", "\"weight\": 0, \"couponTemplateId\"", "$.arms[0].weight")]
    [InlineData("{ \"name\": \"message\", \"kind\": \"message\"", "{ \"name\": \"latte-5-off\", \"kind\": \"message\"", "$.arms[1].name")]
    [InlineData("\"kind\": \"holdout\"", "\"kind\": \"nothing\"", "$.arms")]
    [InlineData("\"end\": \"2027-03-07\"", "\"end\": \"2027-02-07\"", "$.end")]
    [InlineData("\"channel\": \"push\"", "\"channel\": \"push, sms\"", "$.channel")]
    [InlineData("\"marginRate\": 0.6", "\"marginRate\": 1.6", "$.marginRate")]
    [InlineData("\"kind\": \"message\", \"weight\": 45 }", "\"kind\": \"message\", \"weight\": 45, \"points\": 10 }", "$.arms[1].points")]
    [InlineData("\"attributionDays\": 14", "\"attributionDays\": 14, \"atributionDays\": 3", "$.atributionDays")]
    public void FromJson_BadDocument_ThrowsWithJsonPath(string from, string to, string path)
    {
        Json.Should().Contain(from);
        var act = () => Campaign.FromJson(Json.Replace(from, to, StringComparison.Ordinal));

        act.Should().Throw<CrmValidationException>().Where(e => e.ErrorCode == CrmErrorCodes.RulesInvalid && e.Field == path);
    }
}
