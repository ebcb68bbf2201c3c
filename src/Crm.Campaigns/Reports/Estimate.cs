namespace Crm.Campaigns;

/// <summary>A point estimate with its 95% confidence interval.</summary>
/// <param name="Value">The estimate.</param>
/// <param name="Lower">The interval's lower bound.</param>
/// <param name="Upper">The interval's upper bound.</param>
/// <remarks>Statistics are in <see cref="double"/>: they are estimates, not amounts to book; amounts booked are <see cref="Money"/>.</remarks>
public sealed record Estimate(double Value, double Lower, double Upper)
{
    /// <summary>Gets whether the interval excludes zero: the difference is significant at the 5% level.</summary>
    public bool IsSignificant => Lower > 0 || Upper < 0;
}
