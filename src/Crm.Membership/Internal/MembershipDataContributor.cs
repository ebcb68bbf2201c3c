using System.Text.Json;
using System.Text.Json.Nodes;

namespace Crm.Membership.Internal;

/// <summary>Crm.Membership's section of a customer's data export: the tier record and the history of tier changes.</summary>
internal sealed class MembershipDataContributor(IMembershipStore store) : ICustomerDataContributor
{
    public string Section => "membership";

    public IReadOnlyCollection<Type> Stores { get; } = [typeof(IMembershipStore)];

    public async ValueTask<JsonNode?> ExportAsync(CustomerId customerId, CancellationToken cancellationToken = default)
    {
        var state = await store.FindAsync(customerId, cancellationToken).ConfigureAwait(false);
        if (state is null)
        {
            return null;
        }

        var history = await store.GetHistoryAsync(customerId, cancellationToken).ConfigureAwait(false);
        return new JsonObject
        {
            ["tier"] = JsonSerializer.SerializeToNode(state, CrmJson.Options),
            ["history"] = JsonSerializer.SerializeToNode(history, CrmJson.Options),
        };
    }

    // Staff type an override's reason, which its history entry repeats; the library's own explanations name tiers and numbers only.
    public async ValueTask<int> EraseAsync(CustomerId customerId, NodaTime.Instant erasedAt, CancellationToken cancellationToken = default) =>
        await store.EraseCustomerTextAsync(customerId, erasedAt, cancellationToken).ConfigureAwait(false);
}
