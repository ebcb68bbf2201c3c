namespace Crm.Churn.Tests;

public sealed class ChurnPolicyTests
{
    private const string Example = """
        {
          "cadence": { "multiplier": 2.5, "minPurchaseDays": 3, "defaultGapDays": 10, "weight": 1.0 },
          "frequencyDrop": { "windowDays": 28, "minDropPercent": 40, "minPreviousPurchases": 2, "weight": 0.8 },
          "model": { "horizonDays": 60, "weight": 0.9 },
          "feedback": { "weight": 0.4 },
          "levels": { "watch": 0.3, "warning": 0.5, "critical": 0.8 },
          "winBack": {
            "coolDownDays": 21, "wonBackWithinDays": 14,
            "actions": [ { "level": "warning", "kind": "coupon", "couponTemplateId": "win-back-10", "channels": "sms, app" } ]
          }
        }
        """;

    [Fact]
    public void FromJson_Example_ReadsEverySetting()
    {
        var policy = ChurnPolicy.FromJson(Example);

        policy.Cadence.Multiplier.Should().Be(2.5);
        policy.FrequencyDrop.WindowDays.Should().Be(28);
        policy.Model.HorizonDays.Should().Be(60);
        policy.Feedback.Weight.Should().Be(0.4);
        policy.Levels.Critical.Should().Be(0.8);
        policy.WinBack.CoolDownDays.Should().Be(21);
        policy.WinBack.Actions.Single().Channels.Should().Be(ContactChannels.Sms | ContactChannels.App);
        ChurnPolicy.FromJson(policy.ToJson()).ToJson().Should().Be(policy.ToJson());
    }

    [Fact]
    public void FromJson_Empty_UsesDefaults()
    {
        var policy = ChurnPolicy.FromJson("{}");

        policy.Levels.LevelOf(0.29).Should().Be(ChurnLevel.None);
        policy.Levels.LevelOf(0.3).Should().Be(ChurnLevel.Watch);
        policy.Levels.LevelOf(0.5).Should().Be(ChurnLevel.Warning);
        policy.Levels.LevelOf(0.75).Should().Be(ChurnLevel.Critical);
    }

    [Theory]
    [InlineData("""{ "levels": { "watch": 0.6, "warning": 0.5, "critical": 0.8 } }""", "$.levels")]
    [InlineData("""{ "cadence": { "multiplier": 0 } }""", "$.cadence.multiplier")]
    [InlineData("""{ "frequencyDrop": { "weight": 1.5 } }""", "$.frequencyDrop.weight")]
    [InlineData("""{ "winBack": { "actions": [ { "level": "warning", "kind": "coupon", "channels": "sms" } ] } }""", "$.winBack.actions[0].couponTemplateId")]
    [InlineData("""{ "winBack": { "actions": [ { "level": "warning", "kind": "message", "channels": "none" } ] } }""", "$.winBack.actions[0].channels")]
    [InlineData("""{ "winBack": { "actions": [ { "level": "watch", "kind": "message", "channels": "sms" }, { "level": "watch", "kind": "message", "channels": "app" } ] } }""", "$.winBack.actions[1].level")]
    public void FromJson_Invalid_ThrowsWithPath(string json, string path)
    {
        var act = () => ChurnPolicy.FromJson(json);

        var error = act.Should().Throw<CrmValidationException>().Which;
        error.ErrorCode.Should().Be(CrmErrorCodes.RulesInvalid);
        error.Field.Should().Be(path);
    }

    [Fact]
    public void FromJson_MisspeltSetting_Throws()
    {
        var act = () => ChurnPolicy.FromJson("""{ "cadence": { "multipler": 2 } }""");

        act.Should().Throw<CrmValidationException>().Which.ErrorCode.Should().Be(CrmErrorCodes.RulesInvalid);
    }
}
