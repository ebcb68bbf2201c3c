namespace Crm.Segmentation;

/// <summary>A named segment of the R×F map and the cells it covers.</summary>
/// <remarks>A cell is written as the R score then the F score, such as <c>"54"</c> for R = 5, F = 4.</remarks>
public sealed class RfmSegmentDefinition
{
    /// <summary>Gets the segment's name, such as <c>champions</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the cells, such as <c>["54", "55"]</c>.</summary>
    public required IReadOnlyList<string> Cells { get; init; }
}
