using System.Text.Json;
using System.Text.Json.Nodes;
using NodaTime;

namespace Crm;

/// <summary>Everything the installed packages hold about one customer, as <see cref="CrmManager.ExportCustomerDataAsync"/> assembled it.</summary>
public sealed class CustomerDataExport
{
    /// <summary>Gets the customer.</summary>
    public required CustomerId CustomerId { get; init; }

    /// <summary>Gets the instant the export was read.</summary>
    public required Instant ExportedAt { get; init; }

    /// <summary>Gets each package's section by name (<c>profile</c>, <c>journal</c>, <c>points</c>, …); a package that holds nothing about the customer has none.</summary>
    public required IReadOnlyDictionary<string, JsonNode> Sections { get; init; }

    /// <summary>Gets the export as one JSON document: the customer, the instant and the sections in name order.</summary>
    /// <param name="indented">Whether to indent the document.</param>
    /// <returns>The document.</returns>
    public string ToJson(bool indented = true)
    {
        var sections = new JsonObject();
        foreach (var (name, node) in Sections.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            sections[name] = node.DeepClone();
        }

        var document = new JsonObject
        {
            ["customerId"] = CustomerId.Value,
            ["exportedAt"] = JsonSerializer.SerializeToNode(ExportedAt, CrmJson.Options),
            ["sections"] = sections,
        };
        return document.ToJsonString(new JsonSerializerOptions(CrmJson.Options) { WriteIndented = indented });
    }

    /// <inheritdoc />
    public override string ToString() => $"Export of {CustomerId} at {ExportedAt}: {string.Join(", ", Sections.Keys.Order(StringComparer.Ordinal))}";
}
