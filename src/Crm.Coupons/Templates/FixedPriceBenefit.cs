namespace Crm.Coupons;

/// <summary>
/// A fixed price for eligible items ("any latte 9.90"): the dearest eligible items, up to <see cref="MaxItems"/>, cost
/// <see cref="Price"/>; or the units <see cref="Target"/> picks ("the cheapest pastry 5.00"). An item already priced at
/// or below it gets no discount (never a negative one).
/// </summary>
/// <remarks>Only lines with a whole quantity count as items.</remarks>
public sealed class FixedPriceBenefit : CouponBenefit
{
    /// <summary>Gets the price of one item; zero or more.</summary>
    public required Money Price { get; init; }

    /// <summary>Gets how many items get the price; at least 1.</summary>
    /// <value>The default value is 1.</value>
    public int MaxItems { get; init; } = 1;

    /// <summary>Gets the units that get the price, or <see langword="null"/> for the <see cref="MaxItems"/> dearest. With a target, leave <see cref="MaxItems"/> at 1.</summary>
    public UnitTarget? Target { get; init; }
}
