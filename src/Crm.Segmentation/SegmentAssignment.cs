namespace Crm.Segmentation;

/// <summary>A segment a customer is in, with the part of the policy that put them there and why.</summary>
/// <param name="Segment">The segment's name.</param>
/// <param name="Kind">The part of the policy that assigned it.</param>
/// <param name="Explanation">Why, with the customer's values, such as <c>R5 F4 (cell 54) is champions</c>.</param>
public sealed record SegmentAssignment(string Segment, SegmentKind Kind, string Explanation);
