using System.Globalization;
using System.Text;
using Crm.Internal;

namespace Crm.Points;

/// <summary>The result of a redemption, a manual adjustment or an event award: a business "yes" or "no", never an exception for too few points.</summary>
/// <param name="Status">How it ended.</param>
/// <param name="Points">The change to the balance (negative for a redemption); zero when nothing changed.</param>
/// <param name="Available">The points spendable after the call.</param>
/// <param name="Entries">The ledger entries of the key (new or earlier); empty when nothing was written.</param>
public sealed record PointsChangeResult(PointsChangeStatus Status, PointAmount Points, PointAmount Available, IReadOnlyList<PointsEntry> Entries)
{
    /// <summary>Gets a value indicating whether the change holds (written now or earlier).</summary>
    public bool Succeeded => Status is PointsChangeStatus.Applied or PointsChangeStatus.AlreadyApplied;

    /// <summary>Prints the lists by their items, where the generated members would print their type.</summary>
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"Status = {Status}, Points = {Points}, Available = {Available}, Entries = {ListText.Of(Entries)}");
        return true;
    }
}
