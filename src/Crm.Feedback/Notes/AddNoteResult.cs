namespace Crm.Feedback;

/// <summary>The outcome of <see cref="FeedbackManager.AddNoteAsync"/>.</summary>
public sealed record AddNoteResult
{
    /// <summary>Gets the note as stored.</summary>
    public required CustomerNote Note { get; init; }

    /// <summary>Gets a value that is <see langword="true"/> when the id had been used with the same author and text and nothing was written.</summary>
    public required bool IsReplay { get; init; }
}
