namespace Crm.Points;

/// <summary>A page of a customer's ledger, newest first.</summary>
/// <param name="Entries">The entries, newest first.</param>
/// <param name="NextBefore">The cursor for the next (older) page, or <see langword="null"/> when this is the last page.</param>
public sealed record PointsStatement(IReadOnlyList<PointsEntry> Entries, long? NextBefore);
