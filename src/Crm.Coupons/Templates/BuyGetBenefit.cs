namespace Crm.Coupons;

/// <summary>
/// Buy N, get M free. Without <see cref="FreeSkus"/>, every group of N + M eligible items gets its M cheapest free
/// ("buy 2 get 1 free"); with them, every N eligible items give M items of those SKUs free, the cheapest first.
/// </summary>
/// <remarks>Only lines with a whole quantity count as items.</remarks>
public sealed class BuyGetBenefit : CouponBenefit
{
    /// <summary>Gets the number of items to buy; at least 1.</summary>
    public required int Buy { get; init; }

    /// <summary>Gets the number of items free; at least 1.</summary>
    public required int Get { get; init; }

    /// <summary>Gets the SKUs given free, or <see langword="null"/> (or empty) for the cheapest eligible items.</summary>
    public IReadOnlyList<string>? FreeSkus { get; init; }
}
