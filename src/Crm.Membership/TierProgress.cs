using System.Globalization;
using System.Text;
using Crm.Internal;
using NodaTime;

namespace Crm.Membership;

/// <summary>What a member needs to reach the next tier, and by when.</summary>
/// <param name="CurrentTier">The tier in force.</param>
/// <param name="NextTier">The next tier up.</param>
/// <param name="Match">Whether any one or all of <paramref name="Thresholds"/> must be reached.</param>
/// <param name="Thresholds">Each threshold of the next tier with the member's value and what is missing.</param>
/// <param name="Deadline">The last local day of the window that counts (31 December for a calendar year), or <see langword="null"/> for rolling windows.</param>
/// <param name="Message">A sentence for the member, such as "spend 35.00 CNY more before 2026-12-31 to reach gold".</param>
public sealed record TierProgress(string CurrentTier, string NextTier, ThresholdMatch Match, IReadOnlyList<ThresholdProgress> Thresholds, LocalDate? Deadline, string Message)
{
    /// <summary>Prints the lists by their items, where the generated members would print their type.</summary>
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"CurrentTier = {CurrentTier}, NextTier = {NextTier}, Match = {Match}, Thresholds = {ListText.Of(Thresholds)}, Deadline = {Deadline}, Message = {Message}");
        return true;
    }
}
