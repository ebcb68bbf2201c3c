namespace Crm.Coupons;

/// <summary>
/// Which eligible units a benefit applies to: the <see cref="Units"/> cheapest or most expensive, by what is left of
/// each unit's price after earlier coupons (ties to the lower line id). Only lines with a whole quantity have units.
/// </summary>
public sealed class UnitTarget
{
    /// <summary>Gets which units come first.</summary>
    public required UnitPick Pick { get; init; }

    /// <summary>Gets how many units; at least 1.</summary>
    /// <value>The default value is 1.</value>
    public int Units { get; init; } = 1;
}
