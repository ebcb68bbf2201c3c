using NodaTime;

namespace Crm.Baskets;

/// <summary>
/// A mined model, versioned per scope and stored: the rules and item popularity of the baskets of a period, with the
/// parameters it was mined with. A model never changes once saved; mining again saves the next version.
/// </summary>
public sealed record BasketModel
{
    /// <summary>Gets the scope: the host's name for what was mined (<c>all</c>, or one per store, region or channel).</summary>
    public required string Scope { get; init; }

    /// <summary>Gets the version within the scope, from 1.</summary>
    public required int Version { get; init; }

    /// <summary>Gets when it was mined.</summary>
    public required Instant MinedAt { get; init; }

    /// <summary>Gets the start of the period mined (inclusive), compared with each purchase's instant.</summary>
    public required Instant From { get; init; }

    /// <summary>Gets the end of the period mined (inclusive).</summary>
    public required Instant To { get; init; }

    /// <summary>Gets the store whose purchases were mined, or <see langword="null"/> for every store.</summary>
    public string? StoreId { get; init; }

    /// <summary>Gets what the items are.</summary>
    public required BasketItemLevel Level { get; init; }

    /// <summary>Gets the thresholds it was mined with.</summary>
    public required MiningParameters Parameters { get; init; }

    /// <summary>Gets the number of baskets mined.</summary>
    public required int BasketCount { get; init; }

    /// <summary>Gets every item seen, by descending basket count, then ordinal.</summary>
    public required IReadOnlyList<BasketItem> Items { get; init; }

    /// <summary>Gets the rules, by descending lift, then confidence, then basket count, then items in ordinal order.</summary>
    public required IReadOnlyList<AssociationRule> Rules { get; init; }

    /// <summary>Gets the popular items of the segments named in <see cref="RecommendationSettings.PopularSegments"/>, by segment name (ordinal).</summary>
    public IReadOnlyList<SegmentPopularity> Segments { get; init; } = [];

    /// <inheritdoc />
    public override string ToString() => $"{Scope} v{Version}: {BasketCount} baskets from {From} to {To}, {Items.Count} items, {Rules.Count} rules";
}
