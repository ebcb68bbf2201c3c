namespace Crm.Coupons;

/// <summary>The two readings of "buy N get M" (<see cref="BuyGetBenefit.Reading"/>).</summary>
public enum BuyGetReading
{
    /// <summary>Every (N + M)-th eligible unit is free: the free units are among those the basket holds.</summary>
    EveryNthFree = 0,

    /// <summary>M free units are added: the evaluation returns the units to add and the host adds them.</summary>
    AddFree = 1,
}
