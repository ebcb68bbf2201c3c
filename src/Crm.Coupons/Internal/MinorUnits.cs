namespace Crm.Coupons.Internal;

/// <summary>Fast, exact conversions between <see cref="Money"/> and minor units for the evaluator's hot path.</summary>
internal static class MinorUnits
{
    /// <summary>Builds the amount from its minor units by setting the decimal's scale (no division).</summary>
    public static Money ToMoney(long minor, Currency currency)
    {
        var magnitude = minor < 0 ? (ulong)(-minor) : (ulong)minor;
        return new Money(new decimal((int)(uint)magnitude, (int)(uint)(magnitude >> 32), 0, minor < 0, (byte)currency.MinorUnits), currency);
    }
}
