namespace Crm.Points;

/// <summary>The result of <see cref="IPointsLedgerStore.AppendAsync"/>.</summary>
/// <param name="Appended"><see langword="true"/> when the write was applied now; <see langword="false"/> when its key had been written before and nothing changed.</param>
/// <param name="Entries">The entries of the key: the new ones, or those written before.</param>
public sealed record PointsAppendResult(bool Appended, IReadOnlyList<PointsEntry> Entries);
