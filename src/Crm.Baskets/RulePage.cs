namespace Crm.Baskets;

/// <summary>A page of rules from <see cref="BasketManager.GetRulesAsync"/>.</summary>
public sealed record RulePage
{
    /// <summary>Gets the rules of the page.</summary>
    public required IReadOnlyList<AssociationRule> Rules { get; init; }

    /// <summary>Gets the version of the model read; pass it in the next query so pages come from one model.</summary>
    public required int ModelVersion { get; init; }

    /// <summary>Gets the number of rules matching the query in all pages.</summary>
    public required int Total { get; init; }

    /// <summary>Gets the offset of the next page, or <see langword="null"/> when this is the last.</summary>
    public int? NextOffset { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"{Rules.Count} of {Total} rules (model v{ModelVersion})";
}
