using NodaTime;

namespace Crm.Segmentation;

/// <summary>A customer's segments as the latest run that reached them assigned them, with the scores and explanations.</summary>
public sealed record CustomerSegments
{
    /// <summary>Gets the customer.</summary>
    public required CustomerId CustomerId { get; init; }

    /// <summary>Gets the run that assigned the segments.</summary>
    public required string RunId { get; init; }

    /// <summary>Gets the run's as-of instant.</summary>
    public required Instant AsOf { get; init; }

    /// <summary>Gets the RFM values and scores, or <see langword="null"/> without RFM or without a purchase.</summary>
    public RfmScore? Rfm { get; init; }

    /// <summary>Gets the segments, in the order the policy assigned them.</summary>
    public required IReadOnlyList<SegmentAssignment> Assignments { get; init; }

    /// <summary>Gets the names of the segments the customer was in before this run (what enter and leave events are computed against).</summary>
    public IReadOnlyList<string> PreviousSegments { get; init; } = [];

    /// <summary>Gets the version the store holds: 1 after the first save, one more after each.</summary>
    /// <remarks>When saving, the version the caller read (0 for a customer with no record).</remarks>
    public long Version { get; init; }

    /// <summary>Determines whether the customer is in a segment.</summary>
    /// <param name="segment">The segment's name (ordinal).</param>
    /// <returns><see langword="true"/> when one of <see cref="Assignments"/> has that name.</returns>
    public bool IsIn(string segment) => Assignments.Any(a => string.Equals(a.Segment, segment, StringComparison.Ordinal));

    /// <inheritdoc />
    public bool Equals(CustomerSegments? other) =>
        other is not null && CustomerId == other.CustomerId && RunId == other.RunId && AsOf == other.AsOf && Rfm == other.Rfm
        && Assignments.SequenceEqual(other.Assignments) && PreviousSegments.SequenceEqual(other.PreviousSegments) && Version == other.Version;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(CustomerId, RunId, AsOf, Version);
}
