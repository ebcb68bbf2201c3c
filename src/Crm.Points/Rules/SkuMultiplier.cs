namespace Crm.Points;

/// <summary>Multiplies the points of the lines of one SKU.</summary>
public sealed class SkuMultiplier : EarnMultiplier
{
    /// <summary>Gets the SKU (ordinal, case-sensitive).</summary>
    public required string Sku { get; init; }

    /// <summary>Gets the factor (above 0, at most 100).</summary>
    public required decimal Factor { get; init; }

    internal override bool IsPerLine => true;

    internal override decimal FactorFor(in EarnScope scope) => Factor;

    internal override bool Matches(ActivityLine line) => string.Equals(line.Sku, Sku, StringComparison.Ordinal);

    private protected override string Describe(System.Globalization.CultureInfo culture) => Texts.Format(culture, "Earn.Sku", Sku, Format(Factor, culture));

    internal override (string Field, string Message)? Check() =>
        string.IsNullOrWhiteSpace(Sku) ? ("sku", "A SKU multiplier needs a SKU.") : CheckFactor(Factor);
}
