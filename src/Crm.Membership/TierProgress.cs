using System.Globalization;
using System.Text;
using Crm.Internal;
using NodaTime;

namespace Crm.Membership;

/// <summary>What a member needs to reach the next tier, and by when.</summary>
public sealed record TierProgress
{
    /// <summary>Gets the tier in force.</summary>
    public required string CurrentTier { get; init; }

    /// <summary>Gets the next tier up.</summary>
    public required string NextTier { get; init; }

    /// <summary>Gets whether any one or all of <see cref="Thresholds"/> must be reached.</summary>
    public required ThresholdMatch Match { get; init; }

    /// <summary>Gets each threshold of the next tier with the member's value and what is missing.</summary>
    public required IReadOnlyList<ThresholdProgress> Thresholds { get; init; }

    /// <summary>Gets the last local day of the window that counts (31 December for a calendar year), or <see langword="null"/> for rolling windows.</summary>
    public LocalDate? Deadline { get; init; }

    /// <summary>Gets a sentence for the member, such as "spend 35.00 CNY more before 2026-12-31 to reach gold".</summary>
    public required string Message { get; init; }

    /// <summary>Prints the lists by their items, where the generated members would print their type.</summary>
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"CurrentTier = {CurrentTier}, NextTier = {NextTier}, Match = {Match}, Thresholds = {ListText.Of(Thresholds)}, Deadline = {Deadline}, Message = {Message}");
        return true;
    }
}
