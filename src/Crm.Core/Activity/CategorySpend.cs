namespace Crm;

/// <summary>A customer's net spend in one product category.</summary>
/// <param name="Category">The category.</param>
/// <param name="NetSpend">What was paid for the category's lines less what was refunded of them.</param>
public readonly record struct CategorySpend(string Category, Money NetSpend);
