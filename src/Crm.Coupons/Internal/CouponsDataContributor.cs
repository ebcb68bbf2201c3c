using System.Text.Json;
using System.Text.Json.Nodes;

namespace Crm.Coupons.Internal;

/// <summary>Crm.Coupons' section of a customer's data export: every coupon the customer holds or held, with its status and redemptions.</summary>
internal sealed class CouponsDataContributor(ICouponStore store) : ICustomerDataContributor
{
    public string Section => "coupons";

    public IReadOnlyCollection<Type> Stores { get; } = [typeof(ICouponStore)];

    public async ValueTask<JsonNode?> ExportAsync(CustomerId customerId, CancellationToken cancellationToken = default)
    {
        var coupons = await store.ListByCustomerAsync(customerId, cancellationToken).ConfigureAwait(false);
        return coupons.Count == 0 ? null : new JsonObject { ["coupons"] = JsonSerializer.SerializeToNode(coupons, CrmJson.Options) };
    }

    // Coupons hold no personal data beyond the customer id.
    public ValueTask<int> EraseAsync(CustomerId customerId, NodaTime.Instant erasedAt, CancellationToken cancellationToken = default) => ValueTask.FromResult(0);
}
