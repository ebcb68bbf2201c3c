using System.Reflection;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Crm.TestUtils;

namespace Crm.Docs.Tests;

/// <summary>
/// The rule examples of docs/rules-reference.md. An example is a fenced block whose info string names the type that
/// loads it and an id: <c>```json Crm.Membership.TierPolicy id=coffee-levels</c>.
/// </summary>
public static partial class RulesReference
{
    /// <summary>The Crm packages whose rules the reference documents.</summary>
    public static readonly string[] Packages = ["Crm.Core", "Crm.Membership", "Crm.Points", "Crm.Coupons", "Crm.Segmentation", "Crm.Churn", "Crm.Baskets", "Crm.Feedback", "Crm.Campaigns", "Crm.Simulation"];

    private static readonly Lazy<IReadOnlyList<Example>> Parsed = new(Parse);

    public static string Text { get; } = File.ReadAllText(TestData.RepositoryFile("docs", "rules-reference.md"));

    public static IReadOnlyList<Example> Examples => Parsed.Value;

    public static Example Get(string id) => Examples.Single(e => e.Id == id);

    /// <summary>Loads an example the way a host does: the type's static <c>FromJson(string)</c> when it has one (it also validates), otherwise <see cref="CrmJson.Deserialize{T}"/>.</summary>
    public static object Load(Example example)
    {
        var type = FindType(example.TypeName);
        var fromJson = type.GetMethod("FromJson", BindingFlags.Public | BindingFlags.Static, [typeof(string)]);
        var load = fromJson ?? typeof(CrmJson).GetMethod(nameof(CrmJson.Deserialize))!.MakeGenericMethod(type);
        var arguments = fromJson is null ? new object?[] { example.Json, null } : [example.Json];
        try
        {
            return load.Invoke(null, arguments)!;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw new InvalidOperationException($"docs/rules-reference.md line {example.Line} ({example.Id}): {e.InnerException.Message}", e.InnerException);
        }
    }

    public static T Load<T>(string id) => (T)Load(Get(id));

    /// <summary>Every <c>kind</c> discriminator of every polymorphic rule type in the packages.</summary>
    public static IEnumerable<(Type BaseType, string Kind)> Kinds() =>
        from assembly in Packages.Select(Assembly.Load)
        from type in assembly.GetExportedTypes()
        from derived in type.GetCustomAttributes<JsonDerivedTypeAttribute>(inherit: false)
        select (type, (string)derived.TypeDiscriminator!);

    public static Type FindType(string name) =>
        Packages.Select(Assembly.Load).Select(a => a.GetType(name)).SingleOrDefault(t => t is not null)
        ?? throw new InvalidOperationException($"No type {name} in {string.Join(", ", Packages)}.");

    private static IReadOnlyList<Example> Parse()
    {
        var examples = new List<Example>();
        foreach (Match match in Block().Matches(Text))
        {
            var line = Text[..match.Index].Count(c => c == '\n') + 1;
            examples.Add(new Example(match.Groups["id"].Value, match.Groups["type"].Value, match.Groups["body"].Value, line));
        }

        return examples;
    }

    [GeneratedRegex(@"^```json (?<type>[\w.]+) id=(?<id>[\w-]+)\n(?<body>.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex Block();

    public sealed record Example(string Id, string TypeName, string Json, int Line)
    {
        public override string ToString() => $"{Id} (line {Line})";
    }
}
