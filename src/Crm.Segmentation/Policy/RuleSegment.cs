namespace Crm.Segmentation;

/// <summary>A segment defined by a predicate, such as "green tea lovers who spent more than 500 CNY and have a birthday this month".</summary>
public sealed class RuleSegment
{
    /// <summary>Gets the segment name.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the condition.</summary>
    public required SegmentPredicate When { get; init; }
}
