using NodaTime;

namespace Crm.Churn;

/// <summary>The win-back rate over episodes whose first action ran in a period.</summary>
/// <param name="From">The start of the period (inclusive).</param>
/// <param name="To">The end of the period (exclusive).</param>
/// <param name="EpisodesActedOn">Episodes with a first action in the period.</param>
/// <param name="WonBack">Of those, episodes ended by a purchase within the won-back window.</param>
/// <param name="StillInWindow">Of those, open episodes whose window has not yet passed (not counted in the rate).</param>
/// <param name="Rate">WonBack ÷ (EpisodesActedOn − StillInWindow); 0 when nothing is decided yet.</param>
public sealed record WinBackReport(Instant From, Instant To, int EpisodesActedOn, int WonBack, int StillInWindow, double Rate);
