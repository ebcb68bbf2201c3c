namespace Crm.Segmentation;

/// <summary>Tiers as data: bands from the top down, the first that fits wins, and a name for the rest.</summary>
public sealed class TierBands
{
    /// <summary>Gets the bands, highest first.</summary>
    public required IReadOnlyList<TierBand> Bands { get; init; }

    /// <summary>Gets the segment of customers in no band, such as <c>value-low</c>.</summary>
    public required string Otherwise { get; init; }

    /// <summary>Creates the common bands: top 20% <c>{prefix}-high</c>, next 30% <c>{prefix}-mid</c>, the rest <c>{prefix}-low</c>.</summary>
    /// <param name="prefix">The name prefix, such as <c>value</c>.</param>
    /// <returns>The bands.</returns>
    public static TierBands TopShares(string prefix) => new()
    {
        Bands = [new() { Name = prefix + "-high", TopShare = 0.2m }, new() { Name = prefix + "-mid", TopShare = 0.5m }],
        Otherwise = prefix + "-low",
    };

    internal void Validate(string path)
    {
        if (Bands is null || Bands.Count == 0)
        {
            throw SegmentationPolicy.Invalid(path + ".bands", "Give at least one band.");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        decimal? previousShare = null;
        decimal? previousMinimum = null;
        for (var i = 0; i < Bands.Count; i++)
        {
            var at = $"{path}.bands[{i}]";
            var band = Bands[i] ?? throw SegmentationPolicy.Invalid(at, $"Band {i} is null.");
            SegmentationPolicy.ValidateName(band.Name, at + ".name");
            if (!names.Add(band.Name))
            {
                throw SegmentationPolicy.Invalid(at + ".name", $"Band '{band.Name}' appears twice.");
            }

            if (band.TopShare.HasValue == band.Minimum.HasValue)
            {
                throw SegmentationPolicy.Invalid(at, $"Band '{band.Name}' needs exactly one of topShare and minimum.");
            }

            if (band.TopShare is { } share)
            {
                if (share is <= 0m or > 1m || (previousShare is { } p && share <= p))
                {
                    throw SegmentationPolicy.Invalid(at + ".topShare", $"Band '{band.Name}' has top share {share}; shares are above 0, at most 1 and grow down the list.");
                }

                previousShare = share;
            }

            if (band.Minimum is { } minimum)
            {
                if (minimum < 0m || (previousMinimum is { } m && minimum >= m))
                {
                    throw SegmentationPolicy.Invalid(at + ".minimum", $"Band '{band.Name}' has minimum {minimum}; minimums are not negative and fall down the list.");
                }

                previousMinimum = minimum;
            }
        }

        SegmentationPolicy.ValidateName(Otherwise, path + ".otherwise");
        if (names.Contains(Otherwise))
        {
            throw SegmentationPolicy.Invalid(path + ".otherwise", $"'{Otherwise}' is also a band.");
        }
    }
}
