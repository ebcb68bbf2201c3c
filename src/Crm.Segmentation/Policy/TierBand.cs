namespace Crm.Segmentation;

/// <summary>One band of <see cref="TierBands"/>: a share of the population from the top, or a fixed minimum.</summary>
/// <remarks>Set exactly one of <see cref="TopShare"/> and <see cref="Minimum"/>.</remarks>
public sealed class TierBand
{
    /// <summary>Gets the segment name, such as <c>value-high</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the share of the population, counted from the top, that this band and the bands above reach down to (0.2 is the top 20%).
    /// A customer is in it when fewer than that share of customers have a strictly higher value, so equal values share a band.</summary>
    public decimal? TopShare { get; init; }

    /// <summary>Gets the smallest value (purchases, or money in the programme's currency) of the band.</summary>
    public decimal? Minimum { get; init; }
}
