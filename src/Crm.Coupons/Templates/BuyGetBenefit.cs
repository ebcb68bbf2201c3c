namespace Crm.Coupons;

/// <summary>
/// Buy N, get M free, in one of two readings (<see cref="Reading"/>). Free units count as bought when they are in the
/// scope: "buy 2 latte get 1 latte" on 3 lattes makes one free.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="BuyGetReading.EveryNthFree"/> (the default): without <see cref="FreeSkus"/>, every group of N + M eligible
/// units gets its M cheapest free ("buy 2 get 1 free"). With free SKUs in the scope, every N + M eligible units give M
/// units of those SKUs free; with free SKUs outside the scope ("buy 2 coffees get a cookie"), every N eligible units
/// give M of them. Only what the basket holds is discounted.
/// </para>
/// <para>
/// <see cref="BuyGetReading.AddFree"/>: every N eligible units bought give M units of the first free SKU on top. The
/// evaluation says how many to add (<see cref="CouponEvaluation.UnitsToAdd"/>, reason
/// <see cref="CouponReasonCodes.FreeUnitsToAdd"/>); the host adds them on their own lines and names those lines in
/// <see cref="CouponBasket.AddedFreeLineIds"/>, which are then free and not counted as bought.
/// </para>
/// Only lines with a whole quantity count as units.
/// </remarks>
public sealed class BuyGetBenefit : CouponBenefit
{
    /// <summary>Gets the number of items to buy; at least 1.</summary>
    public required int Buy { get; init; }

    /// <summary>Gets the number of items free; at least 1.</summary>
    public required int Get { get; init; }

    /// <summary>Gets the SKUs given free, or <see langword="null"/> (or empty) for the cheapest eligible items. Required for <see cref="BuyGetReading.AddFree"/>.</summary>
    public IReadOnlyList<string>? FreeSkus { get; init; }

    /// <summary>Gets how the free units are found.</summary>
    /// <value>The default value is <see cref="BuyGetReading.EveryNthFree"/>.</value>
    public BuyGetReading Reading { get; init; }
}
