using System.Text.Json.Nodes;

namespace Crm.Baskets.Internal;

/// <summary>
/// Crm.Baskets' part in a customer's data export: nothing. Its store keeps mined models, counts over all baskets of a
/// scope, with no customer in them; recommendations are computed from the journal (exported by Crm.Core) when asked.
/// </summary>
internal sealed class BasketsDataContributor : ICustomerDataContributor
{
    public string Section => "baskets";

    public IReadOnlyCollection<Type> Stores { get; } = [typeof(IBasketModelStore)];

    public ValueTask<JsonNode?> ExportAsync(CustomerId customerId, CancellationToken cancellationToken = default) => ValueTask.FromResult<JsonNode?>(null);

    // Mined models hold no customer.
    public ValueTask<int> EraseAsync(CustomerId customerId, NodaTime.Instant erasedAt, CancellationToken cancellationToken = default) => ValueTask.FromResult(0);
}
