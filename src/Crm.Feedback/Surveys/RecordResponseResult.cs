namespace Crm.Feedback;

/// <summary>The outcome of <see cref="FeedbackManager.RecordResponseAsync"/>.</summary>
public sealed record RecordResponseResult
{
    /// <summary>The response as stored.</summary>
    public required SurveyResponse Response { get; init; }

    /// <summary><see langword="true"/> when the id had been recorded with the same content and nothing was written.</summary>
    public required bool IsReplay { get; init; }
}
