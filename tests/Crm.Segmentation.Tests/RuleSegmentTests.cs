namespace Crm.Segmentation.Tests;

public sealed class RuleSegmentTests : SegmentationTestBase
{
    private const string Rules = """
        {
          "rfm": { "windowMonths": 12, "bins": 5 },
          "valueTiers": { "bands": [ { "name": "value-high", "topShare": 0.2 }, { "name": "value-mid", "topShare": 0.5 } ], "otherwise": "value-low" },
          "rules": [
            { "name": "coffee-regulars", "when": { "kind": "and", "rules": [
              { "kind": "categoryShare", "category": "coffee", "atLeast": 0.7 },
              { "kind": "metric", "metric": "frequency", "atLeast": 3 },
              { "kind": "not", "rule": { "kind": "tag", "tag": "staff" } } ] } },
            { "name": "june-birthdays", "when": { "kind": "birthdayMonth" } },
            { "name": "worth-a-call", "when": { "kind": "or", "rules": [
              { "kind": "segment", "segment": "value-high" },
              { "kind": "metric", "metric": "recencyDays", "atLeast": 100, "atMost": 200 } ] } },
          ],
        }
        """;

    [Fact]
    public async Task Run_JsonRules_MatchAndExplain()
    {
        var (crm, manager, _) = Create(SegmentationPolicy.FromJson(Rules));
        using var _crm = crm;
        await FiveCustomersAsync(crm);
        await crm.Manager.RegisterCustomerAsync(new CustomerProfile { Id = new CustomerId("c2"), JoinedAt = AsOf, Tags = ["staff"], Birthday = new NodaTime.LocalDate(1990, 6, 15) });
        await crm.Manager.RegisterCustomerAsync(new CustomerProfile { Id = new CustomerId("c3"), JoinedAt = AsOf, Birthday = new NodaTime.LocalDate(1990, 7, 1) });

        await manager.RunAsync(AsOf);

        // c1: coffee 75/100 ≥ 0.7, 4 purchases ≥ 3, no tags → coffee-regular; value-high → worth-a-call.
        // c2: coffee 100%, 3 purchases, but tagged staff → not a regular; born in June (the as-of month) → june-birthdays.
        // c4: 180 days in [100, 200] → worth-a-call. c5: 365 days, not value-high → nothing.
        var rulesOf = async (string c) => (await SegmentsOf(manager, c)).Assignments.Where(a => a.Kind == SegmentKind.Rule).Select(a => a.Segment).ToList();
        (await rulesOf("c1")).Should().Equal("coffee-regulars", "worth-a-call");
        (await rulesOf("c2")).Should().Equal("june-birthdays");
        (await rulesOf("c3")).Should().BeEmpty();
        (await rulesOf("c4")).Should().Equal("worth-a-call");
        (await rulesOf("c5")).Should().BeEmpty();
        (await SegmentsOf(manager, "c1")).Assignments.Single(a => a.Segment == "coffee-regulars").Explanation
            .Should().Be("rule coffee-regulars: (share of coffee 0.75 >= 0.7 and frequency 4 >= 3 and not tag staff)");
        (await SegmentsOf(manager, "c4")).Assignments.Single(a => a.Segment == "worth-a-call").Explanation
            .Should().Be("rule worth-a-call: (recencyDays 180 in [100, 200])");
    }

    [Fact]
    public async Task Run_TierRules_ReadTiersThroughTheProvider()
    {
        const string json = """
            {
              "rules": [
                { "name": "premium", "when": { "kind": "tier", "tiers": ["gold", "black"] } },
                { "name": "premium-lapsing", "when": { "kind": "and", "rules": [
                  { "kind": "tier", "tiers": ["gold"] }, { "kind": "metric", "metric": "recencyDays", "atLeast": 100 } ] } },
                { "name": "not-premium", "when": { "kind": "not", "rule": { "kind": "tier", "tiers": ["gold", "black"] } } }
              ]
            }
            """;
        var tiers = new FixedTiers(new() { ["c1"] = "gold", ["c2"] = "silver", ["c3"] = "black", ["c5"] = "gold" });
        var (crm, manager, _) = Create(SegmentationPolicy.FromJson(json), tiers: tiers);
        using var _crm = crm;
        await FiveCustomersAsync(crm);

        await manager.RunAsync(AsOf);

        // c1 gold, 1 day → premium. c2 silver → not-premium. c3 black → premium. c4 no tier → not-premium.
        // c5 gold, 365 days ≥ 100 → premium and premium-lapsing. One tier read per customer: 5.
        var rulesOf = async (string c) => (await SegmentsOf(manager, c)).Assignments.Where(a => a.Kind == SegmentKind.Rule).Select(a => a.Segment).ToList();
        (await rulesOf("c1")).Should().Equal("premium");
        (await rulesOf("c2")).Should().Equal("not-premium");
        (await rulesOf("c3")).Should().Equal("premium");
        (await rulesOf("c4")).Should().Equal("not-premium");
        (await rulesOf("c5")).Should().Equal("premium", "premium-lapsing");
        tiers.Reads.Should().Be(5);
        (await SegmentsOf(manager, "c5")).Assignments.Single(a => a.Segment == "premium-lapsing").Explanation
            .Should().Be("rule premium-lapsing: (tier gold in [gold] and recencyDays 365 >= 100)");
        (await SegmentsOf(manager, "c4")).Assignments.Single(a => a.Segment == "not-premium").Explanation
            .Should().Be("rule not-premium: not tier none in [gold, black]");
    }

    [Fact]
    public async Task Run_NoTierRule_NeverReadsTiers()
    {
        var tiers = new FixedTiers(new() { ["c1"] = "gold" });
        var (crm, manager, _) = Create(SegmentationPolicy.FromJson(Rules), tiers: tiers);
        using var _crm = crm;
        await FiveCustomersAsync(crm);

        await manager.RunAsync(AsOf);

        tiers.Reads.Should().Be(0);
    }

    [Theory]
    [InlineData("""{ "rules": [ { "name": "x", "when": { "kind": "and", "rules": [ { "kind": "tier", "tiers": [] } ] } } ] }""", "$.rules[0].when.rules[0].tiers")]
    [InlineData("""{ "rules": [ { "name": "x", "when": { "kind": "not", "rule": { "kind": "tier", "tiers": ["gold", " "] } } } ] }""", "$.rules[0].when.rule.tiers[1]")]
    [InlineData("""{ "rules": [ { "name": "x", "when": { "kind": "and", "rules": [ { "kind": "metric", "metric": "frequency" } ] } } ] }""", "$.rules[0].when.rules[0]")]
    [InlineData("""{ "rules": [ { "name": "x", "when": { "kind": "not", "rule": { "kind": "birthdayMonth", "month": 13 } } } ] }""", "$.rules[0].when.rule.month")]
    [InlineData("""{ "rules": [ { "name": "x", "when": { "kind": "categoryShare", "category": "tea", "atLeast": 1.5 } } ] }""", "$.rules[0].when.atLeast")]
    [InlineData("""{ "rules": [ { "name": "x", "when": { "kind": "or", "rules": [] } } ] }""", "$.rules[0].when.rules")]
    [InlineData("""{ "rules": [ { "name": "x", "when": { "kind": "tag", "tag": "a" } }, { "name": "x", "when": { "kind": "tag", "tag": "b" } } ] }""", "$.rules[1].name")]
    [InlineData("""{ "rfm": { "map": [ { "name": "all", "cells": ["11"] } ] } }""", "$.rfm.map")]
    [InlineData("""{ "rfm": { "bins": 5, "map": [ { "name": "a", "cells": ["61"] } ] } }""", "$.rfm.map[0].cells[0]")]
    [InlineData("""{ "rfm": { "scoring": "thresholds", "thresholds": { "recencyDays": [1, 2, 3], "frequency": [1, 2, 3, 4], "monetary": [1, 2, 3, 4] } } }""", "$.rfm.thresholds.recencyDays")]
    [InlineData("""{ "valueTiers": { "bands": [ { "name": "a", "topShare": 0.5 }, { "name": "b", "topShare": 0.2 } ], "otherwise": "c" } }""", "$.valueTiers.bands[1].topShare")]
    [InlineData("""{ "lifecycle": { "activeDays": 90, "lapsedDays": 60 } }""", "$.lifecycle")]
    public void FromJson_BadPolicy_FailsWithJsonPath(string json, string path)
    {
        var act = () => SegmentationPolicy.FromJson(json);

        var error = act.Should().Throw<CrmValidationException>().Which;
        error.ErrorCode.Should().Be(CrmErrorCodes.RulesInvalid);
        error.Field.Should().Be(path);
    }

    [Fact]
    public void FromJson_UnknownKind_FailsWithJsonPath()
    {
        var act = () => SegmentationPolicy.FromJson("""{ "rules": [ { "name": "x", "when": { "kind": "and", "rules": [ { "kind": "sometimes" } ] } } ] }""");

        var error = act.Should().Throw<CrmValidationException>().Which;
        error.ErrorCode.Should().Be(CrmErrorCodes.RulesInvalid);
        error.Field.Should().StartWith("$.rules[0].when.rules[0]");
    }

    [Fact]
    public void Json_RoundTrips_Default()
    {
        var json = SegmentationPolicy.Default.ToJson();

        var back = SegmentationPolicy.FromJson(json);

        back.ToJson().Should().Be(json);
        back.Rfm!.Map.Should().HaveCount(10);
        back.Rfm.Map.SelectMany(s => s.Cells).Should().HaveCount(25).And.OnlyHaveUniqueItems();
    }

    private sealed class FixedTiers(Dictionary<string, string> tiers) : ICustomerTierProvider
    {
        private int _reads;

        public int Reads => _reads;

        public ValueTask<CustomerTier?> GetTierAsync(CustomerId customerId, NodaTime.Instant asOf, IStoreUnitOfWork? unitOfWork = null, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _reads);
            return ValueTask.FromResult(tiers.TryGetValue(customerId.Value, out var name) ? new CustomerTier(name, 1, 1m) : null);
        }
    }
}
