using NodaTime;

namespace Crm.Baskets;

/// <summary>What <see cref="BasketManager.MineAsync"/> mines: the purchases of a period, of every store or one.</summary>
public sealed record BasketMiningRequest
{
    /// <summary>Gets the scope the model is saved under (a key), such as <c>all</c> or <c>store-12</c>.</summary>
    /// <value>The default value is <c>all</c>.</value>
    public string Scope { get; init; } = "all";

    /// <summary>Gets the start of the period (inclusive), compared with each purchase's instant.</summary>
    public required Instant From { get; init; }

    /// <summary>Gets the end of the period (inclusive).</summary>
    public required Instant To { get; init; }

    /// <summary>Gets the store whose purchases are mined, or <see langword="null"/> for every store.</summary>
    public string? StoreId { get; init; }
}
