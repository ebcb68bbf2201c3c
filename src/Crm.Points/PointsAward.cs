namespace Crm.Points;

/// <summary>What a purchase earned: the outcome of the points purchase handler (<c>result.Points()</c>).</summary>
/// <param name="PurchaseId">The purchase.</param>
/// <param name="Points">The points earned (before any debt they settled).</param>
/// <param name="Explanation">Each rule that contributed and how many points; empty on a replay.</param>
/// <param name="WasAlreadyAwarded"><see langword="true"/> when the purchase had earned before and nothing changed (a replay).</param>
/// <param name="Entries">The ledger entries of the award (empty when it earned nothing).</param>
public sealed record PointsAward(string PurchaseId, PointAmount Points, IReadOnlyList<EarnContribution> Explanation, bool WasAlreadyAwarded, IReadOnlyList<PointsEntry> Entries);
