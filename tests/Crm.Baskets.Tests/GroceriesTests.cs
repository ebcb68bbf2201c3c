namespace Crm.Baskets.Tests;

/// <summary>The published results on the Groceries baskets (arules' documentation, repeated in tests/data/groceries/README.md).</summary>
public sealed class GroceriesTests
{
    private static readonly MiningParameters Classic = new() { MinSupport = 0.001, MinConfidence = 0.8, MinLift = 0, MaxItemsetSize = 10 };

    [Fact]
    public void Data_IsTheGroceriesSet()
    {
        Groceries.Baskets.Should().HaveCount(9_835);
        Groceries.Baskets.SelectMany(b => b).Distinct().Should().HaveCount(169);
        Groceries.Baskets.Count(b => b.Contains("whole milk")).Should().Be(2_513);
        Groceries.Baskets.Count(b => b.Contains("other vegetables")).Should().Be(1_903);
    }

    [Fact]
    public void Mine_ClassicAprioriRun_Gives410RulesAndThePublishedTopRule()
    {
        var result = BasketMiner.Mine(Groceries.Baskets, Classic);

        result.BasketCount.Should().Be(9_835);
        result.Rules.Should().HaveCount(410);
        var top = result.Rules[0];
        top.Antecedent.Should().Equal("liquor", "red/blush wine");
        top.Consequent.Should().Be("bottled beer");
        top.BasketCount.Should().Be(19);
        top.Support.Should().BeApproximately(0.001931876, 5e-10);
        top.Confidence.Should().BeApproximately(0.9047619, 5e-8);
        top.Lift.Should().BeApproximately(11.235269, 5e-7);
        result.Rules.Should().OnlyContain(r => r.Confidence >= 0.8 && r.BasketCount >= 10);
    }

    [Fact]
    public void Mine_ItemOrderAndNamesDoNotMatter()
    {
        var reversed = Groceries.Baskets.Reverse().Select(b => b.Reverse().ToArray()).ToList();

        var result = BasketMiner.Mine(reversed, Classic);

        result.Rules.Select(r => r.ToString()).Should().Equal(BasketMiner.Mine(Groceries.Baskets, Classic).Rules.Select(r => r.ToString()));
    }

    [Fact]
    public void Explain_ReadsAsTheIssueAsksForRealRules()
    {
        var result = BasketMiner.Mine(Groceries.Baskets, new MiningParameters { MinSupport = 0.01, MinConfidence = 0.5, MinLift = 0, MaxItemsetSize = 3 });

        var rule = result.Rules.Single(r => r.Antecedent.SequenceEqual(["citrus fruit", "root vegetables"]) && r.Consequent == "other vegetables");

        rule.Explain().Should().Be("58.6% of baskets with citrus fruit and root vegetables also have other vegetables; lift 3.03");
    }
}
