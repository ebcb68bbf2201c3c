using System.Globalization;

namespace Crm.Segmentation;

/// <summary>RFM settings: the window, the number of bins, quantiles or thresholds, and the named R×F map.</summary>
/// <remarks>
/// <para>Recency is the number of local days (programme time zone) from the last purchase to the as-of instant.
/// Frequency is the number of purchases, and monetary the net spend, in the <see cref="WindowMonths"/> local months ending with
/// the as-of month (monthly buckets of <see cref="CustomerMetrics"/>). Customers without a purchase get no scores.</para>
/// </remarks>
public sealed class RfmSettings
{
    /// <summary>Gets the window of frequency and monetary, in local months ending with the as-of month.</summary>
    /// <value>The default value is 12.</value>
    public int WindowMonths { get; init; } = 12;

    /// <summary>Gets the number of bins (the highest score).</summary>
    /// <value>The default value is 5.</value>
    public int Bins { get; init; } = 5;

    /// <summary>Gets how values become scores.</summary>
    /// <value>The default value is <see cref="RfmScoringMethod.Quantiles"/>.</value>
    public RfmScoringMethod Scoring { get; init; }

    /// <summary>Gets the fixed thresholds, required when <see cref="Scoring"/> is <see cref="RfmScoringMethod.Thresholds"/>.</summary>
    public RfmThresholds? Thresholds { get; init; }

    /// <summary>Gets the named R×F map; it must cover every (R, F) cell exactly once, or be empty for no named segments.</summary>
    /// <value>The default value is <see cref="DefaultMap"/> (for 5 bins).</value>
    public IReadOnlyList<RfmSegmentDefinition> Map { get; init; } = DefaultMap;

    /// <summary>Gets the common 10-segment map over 5 × 5 cells: champions, loyal customers, potential loyalists, new customers,
    /// promising, need attention, about to sleep, at risk, can't lose them and hibernating.</summary>
    public static IReadOnlyList<RfmSegmentDefinition> DefaultMap { get; } =
    [
        new() { Name = "champions", Cells = ["54", "55"] },
        new() { Name = "loyal-customers", Cells = ["34", "35", "44", "45"] },
        new() { Name = "potential-loyalists", Cells = ["42", "43", "52", "53"] },
        new() { Name = "new-customers", Cells = ["51"] },
        new() { Name = "promising", Cells = ["41"] },
        new() { Name = "need-attention", Cells = ["33"] },
        new() { Name = "about-to-sleep", Cells = ["31", "32"] },
        new() { Name = "at-risk", Cells = ["13", "14", "23", "24"] },
        new() { Name = "cant-lose-them", Cells = ["15", "25"] },
        new() { Name = "hibernating", Cells = ["11", "12", "21", "22"] },
    ];

    internal void Validate(string path)
    {
        if (WindowMonths is < 1 or > 120)
        {
            throw SegmentationPolicy.Invalid(path + ".windowMonths", $"A window of {WindowMonths} months is out of range (1 to 120).");
        }

        if (Bins is < 2 or > 9)
        {
            throw SegmentationPolicy.Invalid(path + ".bins", $"{Bins} bins is out of range (2 to 9).");
        }

        if (!Enum.IsDefined(Scoring))
        {
            throw SegmentationPolicy.Invalid(path + ".scoring", $"Unknown scoring method {Scoring}.");
        }

        if (Scoring == RfmScoringMethod.Thresholds)
        {
            if (Thresholds is null)
            {
                throw SegmentationPolicy.Invalid(path + ".thresholds", "Threshold scoring needs thresholds.");
            }

            CheckAscending(Thresholds.RecencyDays?.Select(d => (decimal)d).ToList(), path + ".thresholds.recencyDays");
            CheckAscending(Thresholds.Frequency?.Select(d => (decimal)d).ToList(), path + ".thresholds.frequency");
            CheckAscending(Thresholds.Monetary, path + ".thresholds.monetary");
        }

        if (Map is null)
        {
            throw SegmentationPolicy.Invalid(path + ".map", "The map cannot be null; use [] for no named segments.");
        }

        if (Map.Count == 0)
        {
            return;
        }

        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Map.Count; i++)
        {
            var segment = Map[i] ?? throw SegmentationPolicy.Invalid($"{path}.map[{i}]", $"Map entry {i} is null.");
            SegmentationPolicy.ValidateName(segment.Name, $"{path}.map[{i}].name");
            if (!names.Add(segment.Name))
            {
                throw SegmentationPolicy.Invalid($"{path}.map[{i}].name", $"Segment '{segment.Name}' appears twice in the map.");
            }

            for (var c = 0; c < (segment.Cells?.Count ?? 0); c++)
            {
                var cell = segment.Cells![c];
                var cellPath = $"{path}.map[{i}].cells[{c}]";
                if (cell is not { Length: 2 } || cell[0] - '0' is var r && (r < 1 || r > Bins) || cell[1] - '0' is var f && (f < 1 || f > Bins))
                {
                    throw SegmentationPolicy.Invalid(cellPath, $"'{cell}' is not a cell: write the R then the F score, each from 1 to {Bins}, such as \"54\".");
                }

                if (!seen.TryAdd(cell, segment.Name))
                {
                    throw SegmentationPolicy.Invalid(cellPath, $"Cell {cell} is in both '{seen[cell]}' and '{segment.Name}'.");
                }
            }
        }

        if (seen.Count != Bins * Bins)
        {
            var missing = Enumerable.Range(1, Bins).SelectMany(r => Enumerable.Range(1, Bins).Select(f => string.Create(CultureInfo.InvariantCulture, $"{r}{f}"))).Where(c => !seen.ContainsKey(c));
            throw SegmentationPolicy.Invalid(path + ".map", $"The map must cover all {Bins * Bins} (R, F) cells; missing: {string.Join(", ", missing)}.");
        }

        void CheckAscending(IReadOnlyList<decimal>? values, string at)
        {
            if (values is null || values.Count != Bins - 1)
            {
                throw SegmentationPolicy.Invalid(at, $"Give {Bins - 1} thresholds for {Bins} bins.");
            }

            for (var i = 1; i < values.Count; i++)
            {
                if (values[i] <= values[i - 1])
                {
                    throw SegmentationPolicy.Invalid($"{at}[{i}]", "Thresholds must be strictly ascending.");
                }
            }
        }
    }
}
