using Crm.Baskets;

namespace Crm.Docs.Tests;

/// <summary>The worked basket example of docs/rules-reference.md, with the numbers the text gives.</summary>
public sealed class BasketExamplesTests
{
    [Fact]
    public void FreshGrocery_CitrusAndRootVegetables_ImplyOtherVegetables()
    {
        var policy = RulesReference.Load<BasketPolicy>("fresh-grocery-baskets");

        // 1,000 baskets: 30 with citrus fruit, root vegetables and other vegetables; 10 with the first two only;
        // 160 more with other vegetables (190 in all); 800 with bread.
        var baskets = Enumerable.Repeat(new[] { "citrus fruit", "root vegetables", "other vegetables" }, 30)
            .Concat(Enumerable.Repeat(new[] { "citrus fruit", "root vegetables" }, 10))
            .Concat(Enumerable.Repeat(new[] { "other vegetables", "bread" }, 160))
            .Concat(Enumerable.Repeat(new[] { "bread" }, 800))
            .ToList();

        var rule = BasketMiner.Mine(baskets, policy.Mining).Rules
            .Single(r => r.Antecedent.SequenceEqual(["citrus fruit", "root vegetables"]) && r.Consequent == "other vegetables");

        rule.Confidence.Should().Be(0.75);
        rule.Lift.Should().BeApproximately(3.947368, 1e-6);
        rule.Explain().Should().Be("75.0% of baskets with citrus fruit and root vegetables also have other vegetables; lift 3.95");
    }
}
