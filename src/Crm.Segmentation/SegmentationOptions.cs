namespace Crm.Segmentation;

/// <summary>Settings of Crm.Segmentation, set with <c>AddSegmentation(...)</c>.</summary>
public sealed class SegmentationOptions
{
    /// <summary>Gets or sets the segmentation policy.</summary>
    /// <value>The default value is <see cref="SegmentationPolicy.Default"/>.</value>
    public SegmentationPolicy Policy { get; set; } = SegmentationPolicy.Default;

    /// <summary>Gets or sets how many customers a run reads, assigns and saves per page (memory is bounded by one page plus the quantile arrays).</summary>
    /// <value>The default value is 1000.</value>
    public int PageSize { get; set; } = 1000;

}
