using System.Text.Json.Nodes;
using NodaTime;

namespace Crm.Internal;

/// <summary>The <c>identifiers</c> section: the customer's linked identifiers with their values; erasure removes the links and their lookup keys.</summary>
/// <remarks>Registered by <c>AddCrm</c>; an adapter without <see cref="ICustomerIdentifierStore"/> holds no identifiers, and the section is then absent.</remarks>
internal sealed class CustomerIdentifierDataContributor(ICustomerIdentifierStore? store = null) : ICustomerDataContributor
{
    public string Section => "identifiers";

    public IReadOnlyCollection<Type> Stores { get; } = [typeof(ICustomerIdentifierStore)];

    public async ValueTask<JsonNode?> ExportAsync(CustomerId customerId, CancellationToken cancellationToken = default)
    {
        var links = store is null ? [] : await store.ListAsync(customerId, cancellationToken).ConfigureAwait(false);
        if (links.Count == 0)
        {
            return null;
        }

        // The lookup key is left out: it is the programme's pseudonym of the value, which is exported itself.
        var array = new JsonArray();
        foreach (var link in links)
        {
            array.Add(new JsonObject
            {
                ["kind"] = link.Kind.ToString(),
                ["scope"] = link.Scope.Length == 0 ? null : link.Scope,
                ["value"] = link.Value,
                ["linkedAt"] = System.Text.Json.JsonSerializer.SerializeToNode(link.LinkedAt, CrmJson.Options),
            });
        }

        return new JsonObject { ["links"] = array };
    }

    public async ValueTask<int> EraseAsync(CustomerId customerId, Instant erasedAt, CancellationToken cancellationToken = default) =>
        store is null ? 0 : await store.UnlinkAllAsync(customerId, cancellationToken).ConfigureAwait(false);
}
