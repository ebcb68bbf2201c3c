using Crm.Segmentation.Internal;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Crm.Segmentation.Tests;

/// <summary>
/// A rule testing a segment: refused at load when the policy never assigns it, or only a rule evaluated after it does (a
/// later rule, itself, a cycle), since such a test never holds; a tier condition naming a tier Crm.Membership does not have
/// is refused at start-up.
/// </summary>
public sealed class SegmentReferenceTests
{
    private static CrmValidationException Refused(string json)
    {
        var load = () => SegmentationPolicy.FromJson(json);
        var e = load.Should().Throw<CrmValidationException>().Which;
        e.ErrorCode.Should().Be(CrmErrorCodes.RulesInvalid);
        return e;
    }

    [Fact]
    public void Load_RuleTestsSegmentNothingAssigns_RefusedWithPath()
    {
        var e = Refused("""
            { "valueTiers": { "bands": [ { "name": "value-high", "topShare": 0.2 } ], "otherwise": "value-low" },
              "rules": [ { "name": "vip-tea", "when": { "kind": "and", "rules": [
                { "kind": "categoryShare", "category": "tea", "atLeast": 0.5 }, { "kind": "segment", "segment": "value-top" } ] } } ] }
            """);

        e.Field.Should().Be("$.rules[0].when.rules[1].segment");
        e.Message.Should().Contain("'value-top'").And.Contain("never assigns").And.Contain("value-high, value-low, vip-tea");
    }

    [Fact]
    public void Load_RuleTestsALaterRule_RefusedSayingToMoveIt()
    {
        var e = Refused("""
            { "lifecycle": {},
              "rules": [ { "name": "a", "when": { "kind": "not", "rule": { "kind": "segment", "segment": "b" } } },
                         { "name": "b", "when": { "kind": "segment", "segment": "lifecycle-new" } } ] }
            """);

        e.Field.Should().Be("$.rules[0].when.rule.segment");
        e.Message.Should().Contain("Move 'b' before 'a'");
    }

    [Fact]
    public void Load_RulesTestEachOtherInACycle_RefusedNamingTheCycle()
    {
        var e = Refused("""
            { "rules": [ { "name": "a", "when": { "kind": "or", "rules": [ { "kind": "birthdayMonth" }, { "kind": "segment", "segment": "c" } ] } },
                         { "name": "b", "when": { "kind": "segment", "segment": "a" } },
                         { "name": "c", "when": { "kind": "segment", "segment": "b" } } ] }
            """);

        e.Field.Should().Be("$.rules[0].when.rules[1].segment");
        e.Message.Should().Contain("cycle ('a' -> 'c' -> 'b' -> 'a')");
    }

    [Fact]
    public void Load_RuleTestsItself_Refused()
    {
        var e = Refused("""{ "rules": [ { "name": "a", "when": { "kind": "segment", "segment": "a" } } ] }""");

        e.Field.Should().Be("$.rules[0].when.segment");
        e.Message.Should().Contain("its own segment");
    }

    [Fact]
    public void Load_RulesTestWhatThePartsAndEarlierRulesAssign_Loads()
    {
        var policy = SegmentationPolicy.FromJson("""
            { "rfm": { "windowMonths": 12, "bins": 5 },
              "valueTiers": { "bands": [ { "name": "value-high", "topShare": 0.2 } ], "otherwise": "value-low" },
              "preferences": { "categoryMinimumShare": 0.5, "dayparts": [ { "name": "mornings", "from": "05:00:00", "to": "11:00:00" } ], "channelMinimumShare": 0.6 },
              "lifecycle": {},
              "rules": [ { "name": "first", "when": { "kind": "or", "rules": [
                           { "kind": "segment", "segment": "champions" }, { "kind": "segment", "segment": "value-low" },
                           { "kind": "segment", "segment": "loves-green-tea" }, { "kind": "segment", "segment": "mornings" },
                           { "kind": "segment", "segment": "channel-miniProgram" }, { "kind": "segment", "segment": "lifecycle-won-back" } ] } },
                         { "name": "second", "when": { "kind": "segment", "segment": "first" } } ] }
            """);

        policy.Rules.Should().HaveCount(2);
    }

    /// <summary>
    /// Any graph of rules testing each other (and a segment every customer gets, and one nothing assigns): the policy loads
    /// exactly when, for a customer who gets that segment, the engine assigns every rule. A policy that loads has no rule that
    /// can never match; one that is refused has.
    /// </summary>
    [Property(MaxTest = 300)]
    public Property Load_Accepts_ExactlyWhenEveryRuleCanMatch(List<List<byte>> graph)
    {
        var n = Math.Min(graph.Count, 6);
        var rules = Enumerable.Range(0, n).Select(i => new RuleSegment
        {
            Name = $"r{i}",
            When = new AndPredicate
            {
                // n + 2 choices per test: a rule, the prospect stage (always assigned here), or a segment nothing assigns.
                Rules = [.. (graph[i].Count == 0 ? [0] : graph[i].Take(3)).Select(b => (b % (n + 2)) switch
                {
                    var r when r < n => new InSegmentPredicate { Segment = $"r{r}" },
                    var r when r == n => new InSegmentPredicate { Segment = "lifecycle-prospect" },
                    _ => new InSegmentPredicate { Segment = "nowhere" },
                })],
            },
        }).ToList();
        var policy = new SegmentationPolicy { Lifecycle = new LifecycleSettings(), Rules = rules };

        bool loads;
        try
        {
            policy.Validate();
            loads = true;
        }
        catch (CrmValidationException)
        {
            loads = false;
        }

        var engine = new SegmentEngine(policy, TestCrm.Shanghai, Currency.CNY);
        var prospect = new CustomerMetrics(new CustomerId("p"), 1, null, null, 0, 0, new Money(0m, Currency.CNY), [], []);
        var assigned = engine.Evaluate(prospect, null, null, new Population(), engine.Context(Instant.FromUtc(2026, 6, 1, 0, 0), "run")).Assignments
            .Where(a => a.Kind == SegmentKind.Rule).Select(a => a.Segment).ToHashSet();
        var everyRuleMatches = rules.All(r => assigned.Contains(r.Name));

        return (loads == everyRuleMatches).Label($"loads {loads}, every rule matches {everyRuleMatches}: {string.Join("; ", rules.Select(r => r.Name + " <- " + string.Join(",", ((AndPredicate)r.When).Rules.Cast<InSegmentPredicate>().Select(s => s.Segment))))}");
    }

    [Fact]
    public void Start_TierRuleNamesTierMembershipDoesNotHave_FailsNamingSettingAndTier()
    {
        var policy = SegmentationPolicy.FromJson("""
            { "rules": [ { "name": "premium", "when": { "kind": "tier", "tiers": [ "gold", "platinum" ] } },
                         { "name": "lapsing-premium", "when": { "kind": "and", "rules": [ { "kind": "metric", "metric": "recencyDays", "atLeast": 60 },
                           { "kind": "not", "rule": { "kind": "tier", "tiers": [ "black" ] } } ] } } ] }
            """);

        var failures = CrmStartup.Failures(b => b.AddSegmentation(o => o.Policy = policy).AddMembership(o => o.Policy = MembershipScenarios.GoldAt100()));

        failures.Should().BeEquivalentTo(
            "SegmentationOptions.Policy at $.rules[0].when.tiers[1]: 'platinum' is not a membership tier (defined: Crm.Membership's tiers green, gold).",
            "SegmentationOptions.Policy at $.rules[1].when.rules[1].rule.tiers[0]: 'black' is not a membership tier (defined: Crm.Membership's tiers green, gold).");

        // Without Crm.Membership the host provides tiers (or none): not checked.
        CrmStartup.Failures(b => b.AddSegmentation(o => o.Policy = policy)).Should().BeEmpty();
    }

    [Fact]
    public void SegmentCatalog_ForOtherPackagesRules_KnowsWhatThePolicyAssigns()
    {
        using var crm = TestCrm.Create(configure: b => b.AddSegmentation(o => o.Policy = SegmentationPolicy.FromJson("""
            { "valueTiers": { "bands": [ { "name": "value-high", "topShare": 0.2 } ], "otherwise": "value-low" },
              "preferences": { "categoryMinimumShare": 0.5 },
              "rules": [ { "name": "tea-vips", "when": { "kind": "segment", "segment": "value-high" } } ] }
            """)));

        var catalog = crm.Provider.GetServices<ICrmReferenceCatalog>().Should().ContainSingle(c => c.Kind == CrmReferenceKind.Segment).Subject;

        catalog.IsDefined("value-high").Should().BeTrue();
        catalog.IsDefined("value-low").Should().BeTrue();
        catalog.IsDefined("tea-vips").Should().BeTrue();
        catalog.IsDefined("loves-oolong").Should().BeTrue("category segments are data: any name with the prefix");
        catalog.IsDefined("champions").Should().BeFalse("no RFM map in this policy");
        catalog.IsDefined("lifecycle-new").Should().BeFalse("no lifecycle in this policy");
        catalog.DescribeDefined().Should().Contain("value-high, value-low, loves-<category>, tea-vips");
    }
}
