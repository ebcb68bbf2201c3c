using System.Reflection;
using System.Text.RegularExpressions;
using Crm.TestUtils;

namespace Crm.Docs.Tests;

/// <summary>
/// The stable error codes: those the packages define (the public string constants of every type named <c>*ErrorCodes</c>
/// in every package under src/) and those the documentation (docs/, the READMEs) names.
/// </summary>
public static partial class ErrorCodes
{
    /// <summary>Gets every package assembly: one per project under src/, so a new package's codes are never missed.</summary>
    public static IReadOnlyList<Assembly> PackageAssemblies { get; } =
        [.. Directory.GetFiles(TestData.RepositoryFile("src"), "*.csproj", SearchOption.AllDirectories)
            .Select(Path.GetFileNameWithoutExtension)
            .Order(StringComparer.Ordinal)
            .Select(name => Assembly.Load(name!))];

    /// <summary>Gets each error code with the constant that defines it (<c>CrmErrorCodes.RulesInvalid</c>).</summary>
    public static IReadOnlyDictionary<string, string> Defined { get; } = Constants(t => t.Name.EndsWith("ErrorCodes", StringComparison.Ordinal));

    /// <summary>Gets the other codes packages define (the coupon reason codes), which a document may name too.</summary>
    public static IReadOnlyDictionary<string, string> OtherCodes { get; } = Constants(t => t.Name.EndsWith("Codes", StringComparison.Ordinal) && !t.Name.EndsWith("ErrorCodes", StringComparison.Ordinal));

    /// <summary>Gets the documents: everything under docs/, the repository README and each package's README.</summary>
    public static IReadOnlyList<(string Name, string Text)> Documents { get; } =
        [.. Directory.GetFiles(TestData.RepositoryFile("docs"), "*.md", SearchOption.AllDirectories)
            .Concat(Directory.GetFiles(TestData.RepositoryFile("src"), "README.md", SearchOption.AllDirectories))
            .Append(TestData.RepositoryFile("README.md"))
            .Order(StringComparer.Ordinal)
            .Select(path => (Path.GetRelativePath(TestData.RepositoryFile(), path).Replace('\\', '/'), File.ReadAllText(path)))];

    /// <summary>
    /// Every code a document names: a code in backticks, such as <c>`purchase.id_reused`</c>. A dotted lower-case name counts
    /// when it starts like a defined code (<c>purchase.</c>, <c>rules.</c>) or the word "code" is near it; another
    /// code-like name (<c>`CRM_RULES_INVALID`</c>) counts when the word "code" is near it. JSON paths (<c>`rfm.map`</c>) and
    /// settings do not count.
    /// </summary>
    public static IEnumerable<(string Document, int Line, string Code)> Mentions()
    {
        var namespaces = Defined.Keys.Select(c => c[..c.IndexOf('.', StringComparison.Ordinal)]).ToHashSet(StringComparer.Ordinal);
        foreach (var (name, text) in Documents)
        {
            foreach (Match m in Backticked().Matches(text))
            {
                var token = m.Groups[1].Value;
                var context = text[Math.Max(0, m.Index - 120)..Math.Min(text.Length, m.Index + m.Length + 120)];
                var paragraph = Regex.Split(context, @"\n\s*\n");
                var near = paragraph.Any(p => p.Contains(token, StringComparison.Ordinal) && CodeWord().IsMatch(p));
                var dotted = DottedCode().IsMatch(token);
                if ((dotted && (namespaces.Contains(token[..token.IndexOf('.', StringComparison.Ordinal)]) || near))
                    || (!dotted && UpperCode().IsMatch(token) && near))
                {
                    yield return (name, text[..m.Index].Count(c => c == '\n') + 1, token);
                }
            }
        }
    }

    private static Dictionary<string, string> Constants(Func<Type, bool> which) =>
        (from assembly in PackageAssemblies
         from type in assembly.GetExportedTypes()
         where which(type)
         from field in type.GetFields(BindingFlags.Public | BindingFlags.Static)
         where field.IsLiteral && field.FieldType == typeof(string)
         select (Code: (string)field.GetRawConstantValue()!, Name: $"{type.Name}.{field.Name}"))
        .ToDictionary(c => c.Code, c => c.Name, StringComparer.Ordinal);

    [GeneratedRegex("`([^`\\n]+)`")]
    private static partial Regex Backticked();

    [GeneratedRegex(@"^[a-z][a-z0-9]*(_[a-z0-9]+)*\.[a-z][a-z0-9]*(_[a-z0-9]+)*$")]
    private static partial Regex DottedCode();

    [GeneratedRegex(@"^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$")]
    private static partial Regex UpperCode();

    [GeneratedRegex(@"\bcodes?\b", RegexOptions.IgnoreCase)]
    private static partial Regex CodeWord();
}
