namespace Crm.Segmentation;

/// <summary>How many customers a segment holds.</summary>
/// <param name="Segment">The segment's name.</param>
/// <param name="Customers">
/// The number of customers in it; <see langword="null"/> when <see cref="IsSuppressed"/>. A store always gives the exact
/// number; <see cref="SegmentationManager.GetCountsAsync"/> suppresses it.
/// </param>
public sealed record SegmentCount(string Segment, long? Customers)
{
    /// <summary>
    /// Gets a value indicating whether the segment holds fewer customers than <see cref="CrmOptions.MinimumGroupSize"/> (but at
    /// least one), so that its count is withheld: a count of one or two next to a narrow rule would single a person out.
    /// </summary>
    public bool IsSuppressed { get; init; }
}
