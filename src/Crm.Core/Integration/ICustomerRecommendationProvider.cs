namespace Crm;

/// <summary>
/// Tells other packages which items are recommended to a customer now, so that an offer can target them ("10% off the
/// item we suggest"). Crm.Baskets implements it with its recommendations for the customer without a basket; without it,
/// nothing is recommended to anyone.
/// </summary>
public interface ICustomerRecommendationProvider
{
    /// <summary>Gets the items recommended to a customer now, independent of any basket (so an item the customer then adds stays recommended).</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The items: SKUs or categories, as the recommender's item level names them (ordinal, case-sensitive); empty when none.</returns>
    ValueTask<IReadOnlyCollection<string>> GetRecommendedItemsAsync(CustomerId customerId, CancellationToken cancellationToken = default);
}
