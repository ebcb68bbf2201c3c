namespace Crm.Points;

/// <summary>A page of a customer's ledger, newest first.</summary>
public sealed record PointsStatement
{
    /// <summary>Gets the entries, newest first.</summary>
    public required IReadOnlyList<PointsEntry> Entries { get; init; }

    /// <summary>Gets the cursor for the next (older) page, or <see langword="null"/> when this is the last page.</summary>
    public long? NextBefore { get; init; }
}
