using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Resources;
using System.Text.RegularExpressions;

namespace Crm.Docs.Tests;

/// <summary>
/// Every package's explanation texts exist in English and Simplified Chinese, key for key, with the same arguments,
/// and every reason code a package publishes has a text: a missing or untranslated key fails here, not in front of a
/// customer.
/// </summary>
public sealed partial class CultureTextsTests
{
    private static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-Hans");

    /// <summary>The packages that explain their decisions; each must ship texts.</summary>
    private static readonly string[] Explaining = ["Crm.Core", "Crm.Membership", "Crm.Points", "Crm.Simulation", "Crm.Coupons", "Crm.Churn", "Crm.Segmentation", "Crm.Campaigns", "Crm.Baskets", "Crm.Feedback"];

    public static TheoryData<string> Packages() => [.. RulesReference.Packages];

    [Fact]
    public void EveryExplainingPackage_ShipsTexts()
    {
        foreach (var package in Explaining)
        {
            Catalog(Assembly.Load(package)).Should().NotBeNull($"{package} explains its decisions and must ship Resources/Texts.resx");
        }
    }

    [Theory]
    [MemberData(nameof(Packages))]
    public void ChineseTexts_MatchTheEnglishKeyForKey(string package)
    {
        if (Catalog(Assembly.Load(package)) is not { } resources)
        {
            return;
        }

        var english = Texts(resources, CultureInfo.InvariantCulture);
        var chinese = Texts(resources, Chinese);
        english.Should().NotBeEmpty();
        chinese.Keys.Should().BeEquivalentTo(english.Keys, $"{package}'s zh-Hans texts must have every English key and no other");
        foreach (var (key, en) in english)
        {
            var zh = chinese[key];
            zh.Should().NotBeNullOrWhiteSpace($"{package} text '{key}' is empty in zh-Hans");
            Arguments(zh).Should().BeEquivalentTo(Arguments(en), $"{package} text '{key}' must use the same arguments in both cultures");
            if (Words().IsMatch(Placeholder().Replace(en, string.Empty)))
            {
                Han().IsMatch(zh).Should().BeTrue($"{package} text '{key}' ('{zh}') looks untranslated");
            }

            // Both patterns format: a stray brace or a bad index throws here.
            var args = Enumerable.Range(0, Arguments(en).DefaultIfEmpty(-1).Max() + 1).Select(i => (object)("a" + i)).ToArray();
            _ = string.Format(CultureInfo.InvariantCulture, en, args);
            _ = string.Format(Chinese, zh, args);
        }
    }

    [Theory]
    [MemberData(nameof(Packages))]
    public void EveryReasonCode_HasATextInBothCultures(string package)
    {
        var assembly = Assembly.Load(package);
        var codes = assembly.GetExportedTypes()
            .Where(t => t.IsAbstract && t.IsSealed && t.Name.EndsWith("ReasonCodes", StringComparison.Ordinal))
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToList();
        if (codes.Count == 0)
        {
            return;
        }

        var resources = Catalog(assembly);
        resources.Should().NotBeNull($"{package} publishes reason codes and must explain them");
        foreach (var code in codes)
        {
            resources!.GetString(code, CultureInfo.InvariantCulture).Should().NotBeNull($"reason code '{code}' needs an English text under its own key");
            Texts(resources, Chinese).Should().ContainKey(code, $"reason code '{code}' needs a zh-Hans text");
        }
    }

    private static ResourceManager? Catalog(Assembly assembly)
    {
        var name = assembly.GetManifestResourceNames().SingleOrDefault(n => n.EndsWith(".Resources.Texts.resources", StringComparison.Ordinal));
        return name is null ? null : new ResourceManager(name[..^".resources".Length], assembly);
    }

    private static Dictionary<string, string> Texts(ResourceManager resources, CultureInfo culture)
    {
        // tryParents: false, so a key missing in zh-Hans is not silently answered by the English fallback.
        var set = resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false);
        set.Should().NotBeNull($"{resources.BaseName} has no texts for {culture.Name}");
        return set!.Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!);
    }

    private static int[] Arguments(string pattern) =>
        [.. Placeholder().Matches(pattern).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).Distinct().Order()];

    [GeneratedRegex(@"\{(\d+)(?:[,:][^}]*)?\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"[A-Za-z]{3,}")]
    private static partial Regex Words();

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Han();
}
