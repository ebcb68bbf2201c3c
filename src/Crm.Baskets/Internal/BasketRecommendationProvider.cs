namespace Crm.Baskets.Internal;

/// <summary>
/// Gives other packages (coupon scopes that target "the item we suggest") what <see cref="BasketManager.RecommendAsync"/>
/// recommends to a customer with no basket: repeat items due, then items popular in their segments and overall. Before a
/// model is mined, nothing is recommended. An item the policy's <see cref="BasketPolicy.ItemMap"/> maps SKUs to comes with
/// those SKUs, so that a scope matching basket lines by SKU finds it ("latte" stands for latte-l and latte-m).
/// </summary>
internal sealed class BasketRecommendationProvider(BasketManager manager) : ICustomerRecommendationProvider
{
    public async ValueTask<IReadOnlyCollection<string>> GetRecommendedItemsAsync(CustomerId customerId, CancellationToken cancellationToken = default)
    {
        try
        {
            var result = await manager.RecommendAsync(new RecommendationRequest { CustomerId = customerId }, cancellationToken).ConfigureAwait(false);
            var items = result.Recommendations.Select(r => r.Item).ToHashSet(StringComparer.Ordinal);
            foreach (var (sku, item) in manager.Policy.ItemMap)
            {
                if (items.Contains(item))
                {
                    items.Add(sku);
                }
            }

            return items;
        }
        catch (CrmValidationException e) when (e.ErrorCode == BasketErrorCodes.ModelNotFound)
        {
            return [];
        }
    }
}
