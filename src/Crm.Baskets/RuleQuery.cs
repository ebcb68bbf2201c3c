namespace Crm.Baskets;

/// <summary>A page of a model's rules for bundles and placement: of one category or item, in an order.</summary>
public sealed record RuleQuery
{
    /// <summary>Gets the scope of the model.</summary>
    /// <value>The default value is <c>all</c>.</value>
    public string Scope { get; init; } = "all";

    /// <summary>Gets the model version, or <see langword="null"/> for the latest.</summary>
    public int? Version { get; init; }

    /// <summary>Gets the order.</summary>
    /// <value>The default value is <see cref="RuleOrder.Lift"/>.</value>
    public RuleOrder OrderBy { get; init; } = RuleOrder.Lift;

    /// <summary>Gets a category: only rules with an item of it on either side; <see langword="null"/> for all.</summary>
    public string? Category { get; init; }

    /// <summary>Gets an item: only rules with it on either side; <see langword="null"/> for all.</summary>
    public string? Item { get; init; }

    /// <summary>Gets how many matching rules to skip (from a previous page's <see cref="RulePage.NextOffset"/>).</summary>
    public int Offset { get; init; }

    /// <summary>Gets the page size, 1 to 1,000.</summary>
    /// <value>The default value is 20.</value>
    public int Limit { get; init; } = 20;
}
