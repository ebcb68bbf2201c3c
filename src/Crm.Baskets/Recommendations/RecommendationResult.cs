namespace Crm.Baskets;

/// <summary>What <see cref="BasketManager.RecommendAsync"/> returned.</summary>
public sealed record RecommendationResult
{
    /// <summary>Gets the recommendations: complements first, then due repeat items, then popular items; never an item in the basket, at most one per family.</summary>
    public required IReadOnlyList<Recommendation> Recommendations { get; init; }

    /// <summary>Gets the version of the model used.</summary>
    public required int ModelVersion { get; init; }

    /// <summary>Gets whether nothing was recommended because the request was for a push the customer has not consented to (or the customer is unknown or erased).</summary>
    public bool WithheldForConsent { get; init; }

    /// <summary>Gets the consent decision for a push (purpose <see cref="ConsentPurpose.Recommendations"/> on the push channel), with the record that decided; <see langword="null"/> when the request was not for a push.</summary>
    public ContactDecision? Contact { get; init; }

    /// <inheritdoc />
    public override string ToString() => WithheldForConsent
        ? "Withheld: " + (Contact?.Explanation ?? "no consent for the push channel")
        : $"{Recommendations.Count} recommendations (model v{ModelVersion}): {string.Join("; ", Recommendations.Select(r => r.Item))}";
}
