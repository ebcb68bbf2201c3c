using System.Globalization;
using System.Text;
using Crm.Internal;

namespace Crm.Points;

/// <summary>What a purchase earned: the outcome of the points purchase handler (<c>result.Points()</c>).</summary>
/// <param name="PurchaseId">The purchase.</param>
/// <param name="Points">The points earned (before any debt they settled).</param>
/// <param name="Explanation">Each rule that contributed and how many points; empty on a replay.</param>
/// <param name="WasAlreadyAwarded"><see langword="true"/> when the purchase had earned before and nothing changed (a replay).</param>
/// <param name="Entries">The ledger entries of the award (empty when it earned nothing).</param>
public sealed record PointsAward(string PurchaseId, PointAmount Points, IReadOnlyList<EarnContribution> Explanation, bool WasAlreadyAwarded, IReadOnlyList<PointsEntry> Entries)
{
    /// <summary>Prints the lists by their items, where the generated members would print their type.</summary>
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"PurchaseId = {PurchaseId}, Points = {Points}, Explanation = {ListText.Of(Explanation)}, WasAlreadyAwarded = {WasAlreadyAwarded}, Entries = {ListText.Of(Entries)}");
        return true;
    }
}
