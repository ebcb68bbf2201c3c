namespace Crm.Baskets;

/// <summary>What <see cref="BasketManager.RecommendAsync"/> recommends for: a customer, a basket, or both, and where it will be shown.</summary>
public sealed record RecommendationRequest
{
    /// <summary>Gets the customer, for their repeat items, segments and consent; <see langword="null"/> for an anonymous basket.</summary>
    public CustomerId? CustomerId { get; init; }

    /// <summary>Gets what is in the basket now: SKUs at <see cref="BasketItemLevel.Sku"/> (mapped through <see cref="BasketPolicy.ItemMap"/>), categories at <see cref="BasketItemLevel.Category"/>.</summary>
    public IReadOnlyList<string> Basket { get; init; } = [];

    /// <summary>Gets how many to return, 1 to 50; <see langword="null"/> for <see cref="RecommendationSettings.Count"/>.</summary>
    public int? Count { get; init; }

    /// <summary>Gets the scope of the model to use.</summary>
    /// <value>The default value is <c>all</c>.</value>
    public string Scope { get; init; } = "all";

    /// <summary>
    /// Gets the channel a push will use (one channel), on which the customer must have consented to recommendations (<see cref="ConsentPurpose.Recommendations"/>); <see cref="ContactChannels.None"/> for a
    /// suggestion shown at the till or in the app while the customer is shopping, which needs no consent.
    /// </summary>
    public ContactChannels PushChannel { get; init; } = ContactChannels.None;
}
