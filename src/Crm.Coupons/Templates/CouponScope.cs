namespace Crm.Coupons;

/// <summary>
/// Which basket lines a coupon applies to: the whole basket when no category or SKU is named, otherwise the lines
/// in the named categories or with the named SKUs; exclusions win. Minimum spend and quantities count only eligible lines.
/// </summary>
public sealed class CouponScope
{
    /// <summary>Gets the categories included; empty with <see cref="Skus"/> empty for the whole basket.</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>Gets the SKUs included.</summary>
    public IReadOnlyList<string> Skus { get; init; } = [];

    /// <summary>Gets the categories excluded.</summary>
    public IReadOnlyList<string> ExcludedCategories { get; init; } = [];

    /// <summary>Gets the SKUs excluded.</summary>
    public IReadOnlyList<string> ExcludedSkus { get; init; } = [];

    /// <summary>
    /// Gets a value indicating whether, of the lines the lists include, only those whose SKU or category is recommended to
    /// the customer now count ("10% off the item we suggest"), as <see cref="ICustomerRecommendationProvider"/> tells
    /// (Crm.Baskets' recommendations without a basket; without it nothing is recommended and the scope is empty).
    /// </summary>
    /// <remarks><see cref="Includes"/> does not know the customer and ignores it; the evaluation applies it.</remarks>
    public bool RecommendedOnly { get; init; }

    /// <summary>Determines whether a line with this SKU and category is eligible (ordinal comparisons).</summary>
    /// <param name="sku">The line's SKU.</param>
    /// <param name="category">The line's category.</param>
    /// <returns><see langword="true"/> when the coupon applies to the line.</returns>
    public bool Includes(string sku, string category)
    {
        if (Contains(ExcludedSkus, sku) || Contains(ExcludedCategories, category))
        {
            return false;
        }

        return (Categories.Count == 0 && Skus.Count == 0) || Contains(Categories, category) || Contains(Skus, sku);
    }

    private static bool Contains(IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (string.Equals(list[i], value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
