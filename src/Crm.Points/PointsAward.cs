using System.Globalization;
using System.Text;
using Crm.Internal;

namespace Crm.Points;

/// <summary>What a purchase earned: the outcome of the points purchase handler (<c>result.Points()</c>).</summary>
public sealed record PointsAward
{
    /// <summary>Gets the purchase.</summary>
    public required string PurchaseId { get; init; }

    /// <summary>Gets the points earned (before any debt they settled).</summary>
    public required PointAmount Points { get; init; }

    /// <summary>Gets each rule that contributed and how many points; empty on a replay.</summary>
    public required IReadOnlyList<EarnContribution> Explanation { get; init; }

    /// <summary>Gets a value that is <see langword="true"/> when the purchase had earned before and nothing changed (a replay).</summary>
    public required bool IsReplay { get; init; }

    /// <summary>Gets the ledger entries of the award (empty when it earned nothing).</summary>
    public required IReadOnlyList<PointsEntry> Entries { get; init; }

    /// <summary>Prints the lists by their items, where the generated members would print their type.</summary>
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"PurchaseId = {PurchaseId}, Points = {Points}, Explanation = {ListText.Of(Explanation)}, IsReplay = {IsReplay}, Entries = {ListText.Of(Entries)}");
        return true;
    }
}
