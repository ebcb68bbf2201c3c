namespace Crm.Feedback;

/// <summary>The outcome of <see cref="FeedbackManager.RecordInteractionAsync"/>.</summary>
/// <param name="Interaction">The interaction as stored.</param>
/// <param name="Ticket">The complaint's ticket as it is now, or <see langword="null"/> for an interaction that is not a complaint.</param>
/// <param name="WasReplay"><see langword="true"/> when the id had been recorded with the same content and nothing was written.</param>
public sealed record RecordInteractionResult(ServiceInteraction Interaction, ComplaintTicket? Ticket, bool WasReplay);
