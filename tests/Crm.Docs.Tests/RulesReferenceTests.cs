using System.Text.RegularExpressions;

namespace Crm.Docs.Tests;

public sealed class RulesReferenceTests
{
    public static TheoryData<string> ExampleIds() => [.. RulesReference.Examples.Select(e => e.Id)];

    [Fact]
    public void Examples_AreFound_AndHaveUniqueIds()
    {
        RulesReference.Examples.Should().NotBeEmpty();
        RulesReference.Examples.Select(e => e.Id).Should().OnlyHaveUniqueItems();
    }

    [Theory]
    [MemberData(nameof(ExampleIds))]
    public void Example_LoadsThroughTheCode(string id)
    {
        var loaded = RulesReference.Load(RulesReference.Get(id));

        loaded.Should().NotBeNull();
    }

    [Fact]
    public void EveryRuleKind_IsShownInAnExample()
    {
        // A kind counts only in an example of its own package (points and segmentation both have a "tier" kind).
        var examplesByPackage = RulesReference.Examples
            .GroupBy(e => RulesReference.FindType(e.TypeName).Assembly)
            .ToDictionary(g => g.Key, g => string.Join('\n', g.Select(e => e.Json)));
        var missing = RulesReference.Kinds()
            .Where(k => !examplesByPackage.TryGetValue(k.BaseType.Assembly, out var examples)
                || !Regex.IsMatch(examples, $"\"kind\"\\s*:\\s*\"{Regex.Escape(k.Kind)}\""))
            .Select(k => $"{k.BaseType.Name}: {k.Kind}")
            .ToList();

        missing.Should().BeEmpty("docs/rules-reference.md must show every rule kind in a checked example");
    }

    [Fact]
    public void EveryRuleKind_HasAHeading()
    {
        var missing = RulesReference.Kinds()
            .Where(k => !RulesReference.Text.Contains($"`{k.Kind}`", StringComparison.Ordinal))
            .Select(k => k.Kind)
            .ToList();

        missing.Should().BeEmpty("each kind is named in the text as `kind`");
    }
}
