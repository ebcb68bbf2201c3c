using NodaTime;

namespace Crm.Points;

/// <summary>Multiplies the points of purchases made during a time-limited promotion.</summary>
public sealed class PromotionMultiplier : EarnMultiplier
{
    /// <summary>Gets the start of the promotion (inclusive).</summary>
    public required Instant From { get; init; }

    /// <summary>Gets the end of the promotion (exclusive).</summary>
    public required Instant To { get; init; }

    /// <summary>Gets the factor (above 0, at most 100).</summary>
    public required decimal Factor { get; init; }

    internal override decimal FactorFor(in EarnScope scope) => scope.At >= From && scope.At < To ? Factor : 1m;

    private protected override string Describe(System.Globalization.CultureInfo culture) => Texts.Format(culture, "Earn.Promotion", From, To, Format(Factor, culture));

    internal override (string Field, string Message)? Check() =>
        From >= To ? ("to", "A promotion must end after it starts.") : CheckFactor(Factor);
}
