namespace Crm.Points;

/// <summary>Multiplies the points of the lines of one category.</summary>
public sealed class CategoryMultiplier : EarnMultiplier
{
    /// <summary>Gets the category (ordinal, case-sensitive).</summary>
    public required string Category { get; init; }

    /// <summary>Gets the factor (above 0, at most 100).</summary>
    public required decimal Factor { get; init; }

    internal override bool IsPerLine => true;

    internal override decimal FactorFor(in EarnScope scope) => Factor;

    internal override bool Matches(ActivityLine line) => string.Equals(line.Category, Category, StringComparison.Ordinal);

    private protected override string Describe(System.Globalization.CultureInfo culture) => Texts.Format(culture, "Earn.Category", Category, Format(Factor, culture));

    internal override (string Field, string Message)? Check() =>
        string.IsNullOrWhiteSpace(Category) ? ("category", "A category multiplier needs a category.") : CheckFactor(Factor);
}
