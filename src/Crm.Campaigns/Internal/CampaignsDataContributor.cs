using System.Text.Json;
using System.Text.Json.Nodes;

namespace Crm.Campaigns.Internal;

/// <summary>Crm.Campaigns' section of a customer's data export: their assignments in every campaign (arm, instant, what was delivered).</summary>
/// <remarks>Assignments hold no free text, so erasure has nothing to erase: the record of who got what stays for the accounts of the coupons issued.</remarks>
internal sealed class CampaignsDataContributor(ICampaignStore store) : ICustomerDataContributor
{
    public string Section => "campaigns";

    public IReadOnlyCollection<Type> Stores { get; } = [typeof(ICampaignStore)];

    public async ValueTask<JsonNode?> ExportAsync(CustomerId customerId, CancellationToken cancellationToken = default)
    {
        var assignments = await store.ListCustomerAssignmentsAsync(customerId, cancellationToken).ConfigureAwait(false);
        return assignments.Count == 0 ? null : new JsonObject { ["assignments"] = JsonSerializer.SerializeToNode(assignments, CrmJson.Options) };
    }

    public ValueTask<int> EraseAsync(CustomerId customerId, NodaTime.Instant erasedAt, CancellationToken cancellationToken = default) => ValueTask.FromResult(0);
}
