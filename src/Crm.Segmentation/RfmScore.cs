namespace Crm.Segmentation;

/// <summary>A customer's RFM values and scores at an as-of instant.</summary>
/// <param name="RecencyDays">Local days from the last purchase to the as-of instant (0 when the last purchase is on or after the as-of day).</param>
/// <param name="Frequency">Purchases in the window.</param>
/// <param name="Monetary">Net spend in the window.</param>
/// <param name="R">The recency score, 1 (longest ago) to the number of bins.</param>
/// <param name="F">The frequency score.</param>
/// <param name="M">The monetary score.</param>
public sealed record RfmScore(int RecencyDays, int Frequency, Money Monetary, int R, int F, int M)
{
    /// <summary>Gets the R×F cell, such as <c>54</c>.</summary>
    public string Cell => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{R}{F}");
}
