using System.Globalization;
using System.Text;
using Crm.Internal;

namespace Crm.Points;

/// <summary>The result of a redemption, a manual adjustment or an event award: a business "yes" or "no", never an exception for too few points.</summary>
public sealed record PointsChangeResult
{
    /// <summary>Gets how it ended.</summary>
    public required PointsChangeStatus Status { get; init; }

    /// <summary>Gets the change to the balance (negative for a redemption); zero when nothing changed.</summary>
    public required PointAmount Points { get; init; }

    /// <summary>Gets the points spendable after the call.</summary>
    public required PointAmount Available { get; init; }

    /// <summary>Gets the ledger entries of the key (new or earlier); empty when nothing was written.</summary>
    public required IReadOnlyList<PointsEntry> Entries { get; init; }

    /// <summary>Gets a value indicating whether the change holds (written now or earlier).</summary>
    public bool Succeeded => Status is PointsChangeStatus.Applied or PointsChangeStatus.Replayed;

    /// <summary>Gets a value indicating whether the key had been used before and nothing changed.</summary>
    public bool IsReplay => Status == PointsChangeStatus.Replayed;

    /// <summary>Prints the lists by their items, where the generated members would print their type.</summary>
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"Status = {Status}, Points = {Points}, Available = {Available}, Entries = {ListText.Of(Entries)}");
        return true;
    }
}
