namespace Crm.Feedback;

/// <summary>The outcome of <see cref="FeedbackManager.RecordResponseAsync"/>.</summary>
/// <param name="Response">The response as stored.</param>
/// <param name="WasReplay"><see langword="true"/> when the id had been recorded with the same content and nothing was written.</param>
public sealed record RecordResponseResult(SurveyResponse Response, bool WasReplay);
