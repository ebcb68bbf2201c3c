namespace Crm.Baskets;

/// <summary>The most popular items among the baskets of a segment's members, the fallback recommendation for them.</summary>
/// <param name="Segment">The segment.</param>
/// <param name="BasketCount">The number of baskets its members bought in the model's period.</param>
/// <param name="Items">The items by descending basket count, then ordinal, at most <see cref="RecommendationSettings.PopularItems"/>.</param>
public sealed record SegmentPopularity(string Segment, int BasketCount, IReadOnlyList<BasketItem> Items);
