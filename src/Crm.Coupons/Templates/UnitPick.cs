namespace Crm.Coupons;

/// <summary>The units a <see cref="UnitTarget"/> picks first.</summary>
public enum UnitPick
{
    /// <summary>The cheapest units first.</summary>
    Cheapest = 0,

    /// <summary>The most expensive units first.</summary>
    MostExpensive = 1,
}
