using Crm.Segmentation.Internal;

namespace Crm.Segmentation;

/// <summary>A segment a customer is in, with the part of the policy that put them there and why.</summary>
/// <param name="Segment">The segment's name.</param>
/// <param name="Kind">The part of the policy that assigned it.</param>
/// <param name="Explanation">Why, with the customer's values, such as <c>R5 F4 (cell 54) is champions</c>.</param>
/// <remarks>Runs keep the values an explanation needs and write its text the first time <see cref="Explanation"/> is read.</remarks>
public sealed record SegmentAssignment(string Segment, SegmentKind Kind, string Explanation)
{
    private readonly Explainer? _explainer;
    private string? _explanation = Explanation;

    internal SegmentAssignment(string segment, SegmentKind kind, Explainer explainer)
        : this(segment, kind, (string)null!)
    {
        _explainer = explainer;
    }

    /// <summary>Gets why, with the customer's values, such as <c>R5 F4 (cell 54) is champions</c>.</summary>
    public string Explanation
    {
        get => _explanation ??= _explainer!.Explain();
        init => _explanation = value;
    }

    /// <inheritdoc />
    public bool Equals(SegmentAssignment? other) =>
        other is not null && Segment == other.Segment && Kind == other.Kind && Explanation == other.Explanation;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Segment, Kind);
}
