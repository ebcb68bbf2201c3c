using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Crm.Feedback.Tests;

/// <summary>Options validation and registration.</summary>
public sealed class FeedbackOptionsTests
{
    [Fact]
    public void Validate_BadSettings_ListsEachFailure()
    {
        var result = new FeedbackOptionsValidator().Validate(null, new FeedbackOptions { CardRecentCount = 0, PageSize = 0, Policy = null! });

        result.Failed.Should().BeTrue();
        result.Failures.Should().HaveCount(3);
    }

    [Fact]
    public void Validate_InvalidPolicyInCode_NamesItsPath()
    {
        var policy = new FeedbackPolicy { SurveyRules = [new SurveyRule { Name = "r", SurveyId = "s", SamplingRate = 1.5m }] };

        new FeedbackOptionsValidator().Validate(null, new FeedbackOptions { Policy = policy }).FailureMessage.Should().Contain("$.surveyRules[0].samplingRate");
    }

    [Theory]
    [InlineData("""{ "surveyRules": [ { "name": "r", "surveyId": "s", "via": "sms, email" } ] }""", "$.surveyRules[0].via")]
    [InlineData("""{ "slaTargets": [ { "acknowledgeWithinHours": 5, "resolveWithinHours": 4 } ] }""", "$.slaTargets[0].resolveWithinHours")]
    [InlineData("""{ "businessHours": { "opens": "9", "closes": "22:00" } }""", "$.businessHours.opens")]
    public void FromJson_Inconsistent_IsRefusedAtItsPath(string json, string path)
    {
        var act = () => FeedbackPolicy.FromJson(json);

        act.Should().Throw<CrmValidationException>().Where(e => e.ErrorCode == CrmErrorCodes.RulesInvalid && e.Field == path);
    }

    [Fact]
    public void FromJson_ToJson_RoundTrips()
    {
        var json = FeedbackWorld.Policy.ToJson();

        FeedbackPolicy.FromJson(json).ToJson().Should().Be(json);
    }

    [Fact]
    public void AddFeedback_Twice_RegistersOneValidatorAndOneManager()
    {
        using var crm = TestCrm.Create(Instant.FromUtc(2026, 6, 1, 0, 0), b => b.AddFeedback().AddFeedback());

        crm.Provider.GetServices<IValidateOptions<FeedbackOptions>>().Should().ContainSingle();
        crm.Get<FeedbackManager>().Should().BeSameAs(crm.Get<FeedbackManager>());
    }

    [Fact]
    public void AddFeedback_InvalidOptions_FailsAtStart()
    {
        using var crm = TestCrm.Create(Instant.FromUtc(2026, 6, 1, 0, 0), b => b.AddFeedback(o => o.PageSize = 0));

        var options = () => crm.Get<IOptions<FeedbackOptions>>().Value;
        var manager = () => crm.Get<FeedbackManager>();

        options.Should().Throw<OptionsValidationException>();
        manager.Should().Throw<OptionsValidationException>();
    }
}
