namespace Crm.Feedback;

/// <summary>The outcome of <see cref="FeedbackManager.RecordResponseAsync"/>.</summary>
public sealed record RecordResponseResult
{
    /// <summary>Gets the response as stored.</summary>
    public required SurveyResponse Response { get; init; }

    /// <summary>Gets a value that is <see langword="true"/> when the id had been recorded with the same content and nothing was written.</summary>
    public required bool IsReplay { get; init; }
}
