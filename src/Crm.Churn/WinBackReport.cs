using NodaTime;

namespace Crm.Churn;

/// <summary>The win-back rate over episodes whose first action ran in a period.</summary>
public sealed record WinBackReport
{
    /// <summary>The start of the period (inclusive).</summary>
    public required Instant From { get; init; }

    /// <summary>The end of the period (exclusive).</summary>
    public required Instant To { get; init; }

    /// <summary>Episodes with a first action in the period.</summary>
    public required int EpisodesActedOn { get; init; }

    /// <summary>Of those, episodes ended by a purchase within the won-back window.</summary>
    public required int WonBack { get; init; }

    /// <summary>Of those, open episodes whose window has not yet passed (not counted in the rate).</summary>
    public required int StillInWindow { get; init; }

    /// <summary>WonBack ÷ (EpisodesActedOn − StillInWindow); 0 when nothing is decided yet.</summary>
    public required double Rate { get; init; }
}
