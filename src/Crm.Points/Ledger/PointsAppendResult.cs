using System.Globalization;
using System.Text;
using Crm.Internal;

namespace Crm.Points;

/// <summary>The result of <see cref="IPointsLedgerStore.AppendAsync"/>.</summary>
/// <param name="IsReplay"><see langword="true"/> when the key had been written before and nothing changed (a replay); <see langword="false"/> when the write was applied now.</param>
/// <param name="Entries">The entries of the key: the new ones, or those written before.</param>
public sealed record PointsAppendResult(bool IsReplay, IReadOnlyList<PointsEntry> Entries)
{
    /// <summary>Prints the lists by their items, where the generated members would print their type.</summary>
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"IsReplay = {IsReplay}, Entries = {ListText.Of(Entries)}");
        return true;
    }
}
