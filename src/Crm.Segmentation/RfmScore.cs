namespace Crm.Segmentation;

/// <summary>A customer's RFM values and scores at an as-of instant.</summary>
public sealed record RfmScore
{
    /// <summary>Local days from the last purchase to the as-of instant (0 when the last purchase is on or after the as-of day).</summary>
    public required int RecencyDays { get; init; }

    /// <summary>Purchases in the window.</summary>
    public required int Frequency { get; init; }

    /// <summary>Net spend in the window.</summary>
    public required Money Monetary { get; init; }

    /// <summary>The recency score, 1 (longest ago) to the number of bins.</summary>
    public required int R { get; init; }

    /// <summary>The frequency score.</summary>
    public required int F { get; init; }

    /// <summary>The monetary score.</summary>
    public required int M { get; init; }

    /// <summary>Gets the R×F cell, such as <c>54</c>.</summary>
    public string Cell => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{R}{F}");
}
