using NodaTime;

namespace Crm.Churn;

/// <summary>The win-back rate over episodes whose first action ran in a period.</summary>
public sealed record WinBackReport
{
    /// <summary>Gets the start of the period (inclusive).</summary>
    public required Instant From { get; init; }

    /// <summary>Gets the end of the period (exclusive).</summary>
    public required Instant To { get; init; }

    /// <summary>Gets the episodes with a first action in the period.</summary>
    public required int EpisodesActedOn { get; init; }

    /// <summary>Gets, of those, the episodes ended by a purchase within the won-back window.</summary>
    public required int WonBack { get; init; }

    /// <summary>Gets, of those, the open episodes whose window has not yet passed (not counted in the rate).</summary>
    public required int StillInWindow { get; init; }

    /// <summary>Gets the rate, WonBack ÷ (EpisodesActedOn − StillInWindow); 0 when nothing is decided yet.</summary>
    public required double Rate { get; init; }
}
