namespace Crm;

/// <summary>How far an import has got, reported after each committed batch: see <see cref="CrmManager.ImportAsync"/>.</summary>
/// <param name="Read">The purchases read from the stream so far.</param>
/// <param name="Recorded">The purchases recorded for the first time.</param>
/// <param name="Replayed">The purchases that had been recorded before (by an earlier run of the same import, say); nothing was written for them.</param>
/// <param name="Rejected">The purchases skipped because the library refused them (<see cref="ImportOptions.SkipInvalid"/>).</param>
public readonly record struct ImportProgress(long Read, long Recorded, long Replayed, long Rejected);
