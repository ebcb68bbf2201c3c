namespace Crm.Segmentation;

/// <summary>How many customers a segment holds.</summary>
/// <param name="Segment">The segment's name.</param>
/// <param name="Customers">The number of customers in it.</param>
public sealed record SegmentCount(string Segment, long Customers);
