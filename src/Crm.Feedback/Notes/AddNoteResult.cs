namespace Crm.Feedback;

/// <summary>The outcome of <see cref="FeedbackManager.AddNoteAsync"/>.</summary>
/// <param name="Note">The note as stored.</param>
/// <param name="WasReplay"><see langword="true"/> when the id had been used with the same author and text and nothing was written.</param>
public sealed record AddNoteResult(CustomerNote Note, bool WasReplay);
