using System.Text.Json;
using System.Text.Json.Nodes;

namespace Crm.Segmentation.Internal;

/// <summary>
/// Crm.Segmentation's section of a customer's data export: the customer's segments with their explanations and scores.
/// The RFM input store answers population queries over the journal and holds nothing of its own.
/// </summary>
internal sealed class SegmentationDataContributor(ISegmentStore store) : ICustomerDataContributor
{
    public string Section => "segmentation";

    public IReadOnlyCollection<Type> Stores { get; } = [typeof(ISegmentStore), typeof(ISegmentInputStore)];

    public async ValueTask<JsonNode?> ExportAsync(CustomerId customerId, CancellationToken cancellationToken = default)
    {
        var segments = await store.FindAsync(customerId, cancellationToken).ConfigureAwait(false);
        return segments is null ? null : new JsonObject { ["segments"] = JsonSerializer.SerializeToNode(segments, CrmJson.Options) };
    }

    // Segments and scores hold no personal data beyond the customer id.
    public ValueTask<int> EraseAsync(CustomerId customerId, NodaTime.Instant erasedAt, CancellationToken cancellationToken = default) => ValueTask.FromResult(0);
}
