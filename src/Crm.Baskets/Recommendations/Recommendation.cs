namespace Crm.Baskets;

/// <summary>An item suggested to a customer, with where it came from and why.</summary>
public sealed record Recommendation
{
    /// <summary>Gets the item, at the model's level.</summary>
    public required string Item { get; init; }

    /// <summary>Gets where it came from.</summary>
    public required RecommendationSource Source { get; init; }

    /// <summary>Gets its score within its source: the rule's confidence, how overdue a repeat item is (1: due now), or the share of baskets holding a popular item.</summary>
    public required double Score { get; init; }

    /// <summary>Gets the reason in words, such as "58.6% of baskets with citrus fruit and root vegetables also have other vegetables; lift 3.03".</summary>
    public required string Explanation { get; init; }

    /// <summary>Gets the rule behind a <see cref="RecommendationSource.Complement"/>; <see langword="null"/> for other sources.</summary>
    public AssociationRule? Rule { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"{Item} ({Source}): {Explanation}";
}
