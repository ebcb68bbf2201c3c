namespace Crm.Segmentation;

/// <summary>A customer's RFM values and scores at an as-of instant.</summary>
public sealed record RfmScore
{
    /// <summary>Gets the local days from the last purchase to the as-of instant (0 when the last purchase is on or after the as-of day).</summary>
    public required int RecencyDays { get; init; }

    /// <summary>Gets the purchases in the window.</summary>
    public required int Frequency { get; init; }

    /// <summary>Gets the net spend in the window.</summary>
    public required Money Monetary { get; init; }

    /// <summary>Gets the recency score, 1 (longest ago) to the number of bins.</summary>
    public required int R { get; init; }

    /// <summary>Gets the frequency score.</summary>
    public required int F { get; init; }

    /// <summary>Gets the monetary score.</summary>
    public required int M { get; init; }

    /// <summary>Gets the R×F cell, such as <c>54</c>.</summary>
    public string Cell => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{R}{F}");
}
