using System.Globalization;
using System.Resources;

namespace Crm.Internal;

/// <summary>
/// A package's explanation and reason texts, from its <c>Resources/Texts.resx</c> (English, the fallback) and the
/// culture files next to it (<c>Texts.zh-Hans.resx</c>, which zh-CN falls back to): composite format strings whose arguments are formatted for the
/// culture (numbers, <see cref="Money"/>, NodaTime dates with the pattern the text gives).
/// </summary>
internal sealed class TextCatalog(string baseName, System.Reflection.Assembly assembly)
{
    // Each package compiles this file: Package is that package's own catalog, found by its resources' manifest name.
    private static readonly Lazy<TextCatalog> Own = new(() =>
    {
        var assembly = typeof(TextCatalog).Assembly;
        const string Suffix = ".Resources.Texts.resources";
        var name = assembly.GetManifestResourceNames().Single(n => n.EndsWith(Suffix, StringComparison.Ordinal));
        return new TextCatalog(name[..^".resources".Length], assembly);
    });

    private readonly ResourceManager _resources = new(baseName, assembly);

    /// <summary>Gets the catalog of the package this file is compiled into.</summary>
    public static TextCatalog Package => Own.Value;

    /// <summary>Gets the resources' base name, such as <c>Crm.Points.Resources.Texts</c>.</summary>
    public string BaseName { get; } = baseName;

    /// <summary>The text of a key in a culture, with its arguments formatted for that culture.</summary>
    /// <exception cref="InvalidOperationException">The package has no text under the key (a bug: every key used has an English text, a test checks it).</exception>
    public string Format(CultureInfo culture, string key, params ReadOnlySpan<object?> args) =>
        string.Format(culture, Pattern(culture, key), args);

    /// <summary>The text of a key without arguments.</summary>
    public string Get(CultureInfo culture, string key) => Pattern(culture, key);

    private string Pattern(CultureInfo culture, string key) =>
        _resources.GetString(key, culture) ?? throw new InvalidOperationException($"No text '{key}' in {BaseName}.");
}
